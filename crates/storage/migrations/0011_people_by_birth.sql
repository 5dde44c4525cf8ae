-- Lists narrowed by age, and a location's under-fives never measured, read
-- a range of birth dates within a location instead of every person there.
CREATE INDEX people_by_location_birth ON people(location_id, birth_date);

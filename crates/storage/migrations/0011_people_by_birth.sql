-- Lists narrowed by age, and a location's under-fives never measured, read
-- a range of birth dates within a location instead of every person there;
-- sex and id ride in the index so the never-measured list reads nothing
-- else.
CREATE INDEX people_by_location_birth ON people(location_id, birth_date, sex, id);

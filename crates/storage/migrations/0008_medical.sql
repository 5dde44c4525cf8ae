-- Medical assistance: visits (reason, diagnosis, treatment, referral) and
-- vaccinations against a schedule kept in the database, seeded with Mali's
-- routine immunisation programme (PEV): doses and the age each is due.
-- Medical data: only roles that read the medical field group see the
-- details; social workers see only that a visit happened.

CREATE TABLE medical_visits (
    id         TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people(id),
    visited_on TEXT NOT NULL,
    reason     TEXT NOT NULL,
    diagnosis  TEXT,
    treatment  TEXT,
    referral   TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX medical_visits_by_person ON medical_visits(person_id, visited_on);

CREATE TABLE vaccine_schedule (
    code     TEXT PRIMARY KEY,
    vaccine  TEXT NOT NULL,
    due_days INTEGER NOT NULL CHECK (due_days >= 0),
    position INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO vaccine_schedule (code, vaccine, due_days, position) VALUES
    ('bcg', 'BCG', 0, 1),
    ('opv0', 'Polio (VPO 0)', 0, 2),
    ('penta1', 'Pentavalent 1', 42, 3),
    ('opv1', 'Polio (VPO 1)', 42, 4),
    ('pcv1', 'Pneumocoque (PCV 1)', 42, 5),
    ('rota1', 'Rotavirus 1', 42, 6),
    ('penta2', 'Pentavalent 2', 70, 7),
    ('opv2', 'Polio (VPO 2)', 70, 8),
    ('pcv2', 'Pneumocoque (PCV 2)', 70, 9),
    ('rota2', 'Rotavirus 2', 70, 10),
    ('penta3', 'Pentavalent 3', 98, 11),
    ('opv3', 'Polio (VPO 3)', 98, 12),
    ('ipv', 'Polio injectable (VPI)', 98, 13),
    ('pcv3', 'Pneumocoque (PCV 3)', 98, 14),
    ('mr1', 'Rougeole-rubéole 1', 270, 15),
    ('yf', 'Fièvre jaune', 270, 16),
    ('mena', 'Méningite A', 270, 17),
    ('mr2', 'Rougeole-rubéole 2', 456, 18);

CREATE TABLE vaccinations (
    person_id  TEXT NOT NULL REFERENCES people(id),
    dose_code  TEXT NOT NULL REFERENCES vaccine_schedule(code),
    given_on   TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (person_id, dose_code)
) WITHOUT ROWID;

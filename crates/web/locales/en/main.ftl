# dugu — English messages.

nav-skip = Skip to content
nav-label = Main menu
nav-home = Home
nav-people = People
nav-households = Households
nav-locations = Locations
nav-audit = Audit trail
nav-users = Users
nav-logout = Sign out
footer-text = dugu — SOS Children's Villages Mali. Confidential data: share it only with those who need it.

login-title = Sign in
login-username = Username
login-password = Password
login-submit = Sign in
login-failed = Wrong username or password.
login-throttled = Too many attempts. Wait a few minutes before trying again.
login-session-ended = Your session had ended: what you just sent was not saved. Sign in again; you will come back to the page you were on, to enter it again.
login-expired = The form expired. Please try again.

totp-title = Verification code
totp-enrol-title = Turn on two-step verification
totp-help = Enter the 6-digit code shown by your authenticator app.
totp-enrol-help = Add this secret to your authenticator app (for example FreeOTP or Google Authenticator), then enter the code it shows.
totp-code = 6-digit code
totp-submit = Verify
totp-wrong = Wrong or already used code. Try again with the next code.

error-title-prefix = Error:
error-summary-title = There is a problem
error-required = This field is required.
error-too_long = This text is too long.
error-control_characters = This text contains characters that are not allowed (line breaks, tabs…).
error-invalid_date = Enter a real date: day, month and year, for example 27/03/2024.
error-future_date = The date cannot be in the future.
error-not_allowed = This value is not allowed.
error-unknown = Not found.
error-out_of_range = This value is out of range.
error-malformed = The format is not valid.
error-unknown_field = Unknown field.
error-too_short = Too short: at least 12 characters.
error-breached = This password is too common. Choose another one, for example a sentence.
error-taken = Already in use.
error-forbidden = You may not change this field.
error-before_birth = This date is before the date of birth.
error-unchanged = Nothing changed: change at least one value.
error-struck_out = This record is struck out: it can no longer be changed.

status-not-found-title = Page not found
status-not-found-text = This page does not exist or you do not have access to it.
status-forbidden-title = Access denied
status-forbidden-text = Your role does not allow this.
status-too-many-title = Too many attempts
status-too-many-text = Wait a few minutes before trying again.
status-internal-title = Server error
status-internal-text = Something went wrong. Nothing was saved. Try again or contact the administrator.

field-given_name = Given name(s)
field-family_name = Family name
field-other_names = Other spellings
field-sex = Sex
field-birth_date = Date of birth
field-birth_date_precision = Date precision
field-age_years = Age (years)
field-location_id = Location
field-age_group = Age group
field-status = Status
filter-any = Any
person-status-in_care = In a Children's Village
person-status-left_care = Has left care
person-status-family_support = Family supported
field-location_ids = Assigned location
field-national_id = National ID (NINA)
field-birth_certificate = Birth certificate number
field-phone = Phone
field-address = Address
field-medical_notes = Medical notes
field-protection_notes = Protection notes
field-record_number = Record number
field-person_id = Person
field-relationship = Relationship to the head
field-name = Name
field-code = Code
field-kind = Kind
field-parent = Part of
field-parent_id = Part of
field-start_date = Start
field-target = Target
field-username = Username
field-display_name = Display name
field-password = Password
field-current_password = Current password
field-new_password = New password
field-language = Language
field-members = Members
field-role = Role

hint-other_names = Other ways the name is written (for example Kulibali for Coulibaly), one per line.
hint-birth_date = For example 27 3 2019. If only the year is known, fill in the year only.
hint-estimated = Approximate date
hint-age_years = If the date of birth is unknown, give the age: the date will be estimated.
hint-password = At least 12 characters. A sentence you can remember is a good choice.

date-day = Day
date-month = Month
date-year = Year
birth-estimated = about { $year }

group-identity = Identity
group-contact = Contact
group-medical = Health
group-protection = Protection
group-relief = Relief

sex-F = Female
sex-M = Male

form-save = Save

people-title = People
people-search-label = Search for a name
people-search-submit = Search
people-new = Register a person
people-count = { $count ->
    [0] No one found.
    [one] 1 person.
   *[other] { $count } people.
}
pager-previous = Previous page
pager-next = Next page

person-new-title = Register a person
person-edit = Edit
person-households = Households
field-programme_id = Programme
person-enrol = Enrol in the programme
person-programmes = Programmes

households-title = Households
household-new = New household
household-members = Members
household-add-member = Add a member

relationship-head = Head of household
relationship-spouse = Spouse
relationship-child = Child
relationship-grandchild = Grandchild
relationship-other = Other

locations-title = Locations
programmes-title = Programmes
kind-country = Country
kind-region = Region
kind-cercle = Cercle
kind-commune = Commune
kind-site = Site
programme-childrens_village = SOS Children's Village
programme-family_strengthening = Family strengthening
programme-kindergarten = Kindergarten
programme-school = School
programme-medical_centre = Medical centre
programme-emergency_relief = Emergency relief

audit-title = Audit trail
audit-record = Record
audit-user = User
audit-action = Action
audit-from = From
audit-until = Until
audit-filter = Filter
audit-export = Export (CSV)
audit-when = Date and time
audit-role = Role
audit-fields = Fields
audit-chain-ok = Integrity chain verified: { $count } entries.
audit-chain-broken = WARNING: the audit trail's integrity chain is broken.

account-title = My account
account-role = Role
account-language = Language
account-password = Change password
account-totp = Two-step verification
account-totp-on = On.
account-totp-off = Not turned on yet.
account-totp-enrol = Set up an authenticator app

role-administrator = Administrator
role-national_director = National director
role-director = Site director
role-social_worker = Social worker
role-nurse = Nurse
role-relief_officer = Relief officer
role-relief_supervisor = Relief supervisor
role-fundraiser = Fundraiser
role-auditor = Auditor

users-title = Users
users-status = Status
users-active = Active
users-disabled = Disabled
users-disable = Disable
users-enable = Enable
users-new = New user

# Growth monitoring
growth-title = Growth
growth-latest = Latest measurement:
growth-measure-again = A value is implausible: check what was typed and measure the child again.
growth-flagged = implausible
growth-none = No measurement yet.
growth-acute = Acute malnutrition
growth-record = Record a measurement
growth-save = Save the measurement
field-date = Date
field-weight_kg = Weight (kg)
field-length_height_cm = Length/height (cm)
field-measured = Measured
field-muac_mm = MUAC (mm)
field-head_cm = Head circumference (cm)
field-oedema = Bilateral pitting oedema
measured-lying = lying (length)
measured-standing = standing (height)
acute-sam = Severe acute malnutrition (SAM)
acute-mam = Moderate acute malnutrition (MAM)
acute-none = No acute malnutrition
stunting-no = Not stunted
stunting-moderate = Moderate stunting (length/height-for-age below −2 SD)
stunting-severe = Severe stunting (length/height-for-age below −3 SD)
z-zlen = Length/height-for-age
z-zwei = Weight-for-age
z-zwfl = Weight-for-length/height
z-zbmi = BMI-for-age
z-zhc = Head circumference-for-age
z-zac = MUAC-for-age
chart-wfa = Weight-for-age (kg, by month)
chart-lhfa = Length/height-for-age (cm, by month)
chart-wfl = Weight-for-length/height (kg, by cm)
nutrition-title = Nutrition
nutrition-link = Nutrition
nutrition-acute = Acute malnutrition at the latest measurement
nutrition-falling = Weight-for-age fell by more than one SD
nutrition-due = Not measured for more than 90 days, or never
nutrition-child = Child
nutrition-last-measured = Last measured
nutrition-never = Never measured
nutrition-months = { $range } months
nutrition-section-acute = Acute malnutrition
nutrition-section-falling = Falling weight
nutrition-section-due = Measurement overdue
filter-submit = Filter
prevalence-title = Prevalence of malnutrition
prevalence-link = Prevalence
prevalence-explain = Children under 5 at their latest measurement of the last 12 months. Percentage below −2 and below −3 SD of the WHO standards, 95 % confidence interval (Wilson) and number of children. Implausible values are left out; oedema counts as severe.
prevalence-csv = Download as CSV (figures only)
prevalence-age = Age
prevalence-both = Both sexes
prevalence-all-ages = All ages
prevalence-months = months
prevalence-stunting = Stunting (length/height-for-age)
prevalence-underweight = Underweight (weight-for-age)
prevalence-wasting = Wasting (weight-for-length/height)

# Children's Villages
village-title = Children's Village
village-link = Village
village-houses = Family houses
village-house = Family house
village-sos-parent = SOS parent
village-occupancy = Occupancy
village-children = Children
village-over-capacity = over capacity
village-children-by-age = Children by age and sex
age-group-0-4 = 0 to 4 years
age-group-5-11 = 5 to 11 years
age-group-12-17 = 12 to 17 years
age-group-18-plus = 18 and over
village-list-in-care = The list of children in care here
household-status-supported = Supported (family strengthening)
household-status-exited = Exited the programme
households-count = { $count ->
    [0] No household
    [one] 1 household
   *[other] { $count } households
}
village-this-year = This year
village-admitted = Admissions
village-add-house = Add a family house
field-capacity = Capacity (children)
field-sos_parent = SOS parent
field-sos_parent_id = SOS parent
care-title = Care
care-none = No admission recorded.
care-admit = Admit the child
care-move = Move to another house
care-transfer = Transfer to another village
care-transfer-hint = The current house ends on that day; the child, with its whole record, goes to the chosen village (and to its site at the next sync). The admission stays the original one.
care-transfer-village = Village receiving the child
care-transfer-house = House in that village
care-transfer-no-house = No house yet
care-leave = Leaving care
care-siblings = Brothers and sisters admitted together
care-siblings-split = Brothers or sisters admitted together live in different houses.
care-until = Until
care-now = now
field-admitted_on = Admitted on
field-reason = Reason for admission
field-referred_by = Referred by
field-house_id = Family house
field-transferred_on = Day of the transfer
field-sibling = Brother or sister admitted with
field-sibling_id = Brother or sister admitted with
field-from_date = From
field-left_on = Left on
field-leaving_reason = How the child left
reason-orphaned_aids = Orphaned (AIDS)
reason-orphaned_disaster = Orphaned (disaster)
reason-orphaned_conflict = Orphaned (conflict)
reason-relinquished_poverty = Relinquished (poverty)
reason-separated_conflict = Separated by war or displacement
reason-abandoned = Abandoned
reason-other = Other
leaving-reintegration = Reintegration with family
leaving-independent_life = Independent life
leaving-transfer = Transfer
leaving-adoption = Adoption
leaving-death = Death
leaving-other = Other

# Family strengthening
support-title = Family strengthening
support-none = This household is not supported.
support-since = Supported since
support-ended = ended
support-start = Start support
support-assessment = Latest needs assessment
support-new-assessment = New needs assessment
support-save-assessment = Save the assessment
support-area = Area
support-score = Need (0–3)
support-change = Since the previous one
support-plan = Support plan
support-add-action = Add an action
support-overdue = overdue
support-done = done on
support-mark-done = Mark as done
support-visits = Home visits
support-add-visit = Record a visit
support-exit = End of support
score-0 = no need
score-1 = some need
score-2 = serious need
score-3 = critical need
area-food = Food
area-income = Income
area-housing = Housing
area-health = Health
area-education = Education
area-child_care = Child care
area-protection = Protection
change-better = better
change-same = unchanged
change-worse = worse
exit-graduated = Graduated: stands alone
exit-moved = Moved away
exit-declined = Declined support
exit-alternative_care = Alternative care
exit-other = Other
field-started_on = Start
field-assessed_on = Date of the assessment
field-goal = Goal
field-action = Action
field-responsible = Responsible
field-due_on = Due
field-done_on = Done on
field-action_id = Action
field-visited_on = Date of the visit
field-notes = Notes
field-ended_on = End date
field-exit_reason = Reason
field-food = Food
field-income = Income
field-housing = Housing
field-health = Health
field-education = Education
field-child_care = Child care
field-protection = Protection

# Day-care and kindergarten
groups-title = Day-care and kindergarten
groups-add = Create the group
group-daycare = Day-care
group-kindergarten = Kindergarten
register-children = { $count ->
    [one] { $count } child
   *[other] { $count } children
}
register-open = Open the register
register-not-taken = The register has not been taken this day: tick the children present.
register-save = Save attendance
register-saved = Attendance saved:
register-add-child = Add a child to the group
field-day = Day
field-present = Present

# Medical assistance
medical-title = Medical care
medical-visits = Visits
medical-vaccinations = Vaccinations
medical-record-visit = Record a visit
medical-record-dose = Record a dose
dose-given = given on
dose-overdue = overdue
dose-upcoming = due soon
dose-given_undated = given (health card, date unknown)
dose-not_yet_due = not yet due
dose-no_longer_given = no longer given at this age
dose-unknown = unknown
field-visit_reason = Reason for the visit
field-diagnosis = Diagnosis
field-treatment = Treatment
field-referral = Referral
field-dose = Vaccine
field-given_on = Date
overdue-title = Overdue vaccinations
overdue-link = Vaccinations
overdue-explain = Children under two (older while a dose of the schedule is due, and a year after) with a dose due and not yet given (the most behind first).
overdue-doses = Doses overdue
schedule-title = Vaccination schedule
schedule-link = Vaccination schedule
schedule-explain = The doses of the Expanded Programme on Immunization and the age each is due at. Cards and overdue lists follow this schedule; a withdrawn dose stays on the cards that record it.
schedule-add = Add a dose (or change one by its code)
schedule-save = Save
field-vaccine = Vaccine and dose
field-due_days = Due at age (days)
field-position = Order
field-active = In use
yes = Yes
no = No

# Schooling
school-title = Schooling
school-save = Save the school year
field-year = School year
school-year-hint = Two years joined by a hyphen, for example “2025-2026”.
field-school = School
field-grade = Grade
field-result = Result
field-average = Average /20
field-amend_reason = Reason for the correction
field-strike_reason = Reason for striking out
field-struck_out = Struck out
field-correction = Correction
field-sibling_group = Sibling group
field-to_date = Until
field-site_id = Site
field-as_of = History unknown before
field-context = Context
field-history = Vaccination history
field-undated = Dose without a date
result-passed = Passed
result-repeated = Repeating
result-dropped_out = Dropped out
todo-title = To do
todo-measure = Growth measurement due: last one more than 90 days ago
care-follow-ups = Follow-up after leaving
care-add-follow-up = Record a follow-up visit
nutrition-days = { $days } days

## Re-authentication, privilege grants and their approval
reauth-title = Confirm who you are
reauth-why = This is a sensitive action: enter your password again (and your code, if two-step verification is on). You can then repeat the action for 15 minutes.
reauth-submit = Confirm
reauth-wrong = Wrong password or code.
account-must-change-password = An administrator reset your password: choose a new one before you go on.
users-awaiting = Awaiting approval
users-pending = Request awaiting the national director's approval:
users-change-role = Role and site
users-change-role-hint = A role that reads people's records must be approved by the national director before it takes effect.
users-own-role = You cannot change your own role or locations: ask another administrator.
users-actions = Actions
users-reset-password = Reset password
users-reset-totp = Remove two-step verification
users-reset-done = Temporary password, to hand over in person; it will not be shown again. The user must change it at the next sign-in:
users-totp-reset-done = Two-step verification removed. The user will set up a new one at the next sign-in.
users-sent-for-approval = Saved. This role reads people's records: it takes effect once the national director approves it.
users-role-changed = Role changed. The user's sessions have been ended.
users-role-unchanged = Nothing changed: the user already has this role and site.
approvals-title = Approvals
approvals-hint = An administrator asked for these accesses to people's records. An access takes effect only once you approve it.
approvals-admin-hint = These requests wait for the national director's approval.
approvals-none = No request waiting.
approvals-requested-by = Requested by
approvals-new-account = new account
approvals-approve = Approve
approvals-refuse = Refuse
audit-privilege-change = Privilege change
audit-shown = { $count ->
    [one] (1 record shown)
   *[other] ({ $count } records shown)
}
request-role = A role granted
request-password_reset = A password reset
request-second_factor_reset = Two-step verification removed
request-enable = The account enabled again

amend-title = Measurement of
amend-back = Back to the record
amend-correct = Correct the measurement
amend-correct-save = Save the correction
amend-strike = Strike the measurement out
amend-strike-explain = A struck-out measurement stays in the history but is no longer drawn or counted (prevalence, nutrition list).
amend-strike-save = Strike this measurement out
amend-history = History
amend-by = By
amend-what = Change
amend-created = Recorded
growth-amend = Correct or strike out

## phone-and-formats (issue 12 items 8, 9 and the charts of item 3)
punct-colon = :
time-zone-site = GMT
month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec
audit-any-action = Any
audit-action-create = Created
audit-action-update = Changed
audit-action-delete = Deleted
audit-action-view = Viewed
audit-action-search = Search
audit-action-export = Export
audit-action-login = Signed in
audit-action-login_failed = Sign-in refused
audit-action-logout = Signed out
audit-action-permission_change = Permission change
audit-action-privilege_change = Privilege change
audit-action-reauthenticate = Identity confirmed
audit-action-reauth_failed = Identity not confirmed
audit-action-login_throttled = Sign-in blocked (too many attempts)
audit-action-refused = Access refused
record-location = Location
record-user = Account
record-role_request = Role request
record-person = Person
record-household = Household
record-household_member = Household member
record-programme = Programme
record-enrolment = Enrolment
record-measurement = Measurement
record-house = Family house
record-admission = Admission
record-placement = Placement
record-care_follow_up = Care follow-up
record-family_support = Family support
record-assessment = Needs assessment
record-plan_action = Plan action
record-home_visit = Home visit
record-care_group = Group
record-group_member = Group member
record-register = Attendance register
record-medical_visit = Medical visit
record-vaccine_dose = Schedule dose
record-vaccination = Vaccination
record-vaccination_card = Vaccination card
record-extra_dose = Dose outside the schedule
record-school_year = School year
record-displacement = Displacement (relief)
record-member_needs = Member needs (relief)
record-relief_cycle = Distribution cycle
record-entitlement = Entitlement
record-receipt = Receipt
record-audit = Audit trail
record-session = Session
record-system_principal = System account
record-person_list = List of people
record-household_list = List of households
record-houses = Family houses
record-village = Village
record-family_due = Households with something due
record-overdue_vaccinations = Overdue vaccinations
vaccine-bcg = BCG
vaccine-ipv = Inactivated polio (IPV)
vaccine-mena = Meningitis A
vaccine-mr1 = Measles-rubella 1
vaccine-mr2 = Measles-rubella 2
vaccine-opv0 = Oral polio (OPV 0)
vaccine-opv1 = Oral polio (OPV 1)
vaccine-opv2 = Oral polio (OPV 2)
vaccine-opv3 = Oral polio (OPV 3)
vaccine-pcv1 = Pneumococcal (PCV 1)
vaccine-pcv2 = Pneumococcal (PCV 2)
vaccine-pcv3 = Pneumococcal (PCV 3)
vaccine-penta1 = Pentavalent 1
vaccine-penta2 = Pentavalent 2
vaccine-penta3 = Pentavalent 3
vaccine-rota1 = Rotavirus 1
vaccine-rota2 = Rotavirus 2
vaccine-yf = Yellow fever
chart-legend = WHO reference curves, in standard deviations (SD) from the median
chart-outside = ▲ ▼ measurement outside the chart's scale, marked at its edge
## name picker (issue 12 items 6 and 7)
pick-hint = A name (for example Aminata Traoré) or a record number.
pick-search = Search
pick-title = Choose: { $field }
pick-found = { $count ->
    [one] 1 person found: check it is the right one, then tick it.
   *[other] { $count } people found: tick the right one.
}
pick-too-many = { $count } people found: give more of the name (given and family name) or tick among the first ones.
pick-none = Nobody of this name at your locations.
pick-age = { $years ->
    [one] 1 year old
   *[other] { $years } years old
}
pick-age-about = { $years ->
    [one] about { $years } year old
   *[other] about { $years } years old
}
pick-kept = The rest of the form is kept: the button below saves it with the person you tick.
pick-continue = Save with this person
pick-cancel = Cancel and go back to the page
pick-member = Member to add
pick-child = Child
pick-head = Head of household (optional)
households-search-label = Find a household
households-search-hint = The household's name or a member's name.
## forms: errors beside their form, confirmations, weighty actions
form-choose = — Choose —
form-continue = Continue
form-cancel = Cancel
check-what-happens = What will happen
check-change = Change the answers
person-sections = Sections of the record
person-age = { $years ->
    [one] { $years } year old
   *[other] { $years } years old
}
section-identity = Identity
section-contact = Contact
section-medical-notes = Medical notes
section-care = Care
section-school = School
section-medical = Medical
section-growth = Growth
section-protection-notes = Protection
section-households = Households
section-programmes = Programmes
saved-admission = Admission saved.
saved-placement = Move to another house saved.
saved-transfer = Transfer to the other village saved.
saved-leaving = End of care saved.
saved-follow-up = Follow-up visit saved.
saved-measurement = Measurement saved.
saved-medical-visit = Medical visit saved.
saved-dose = Vaccination saved.
saved-school-year = School year saved.
saved-enrolment = Enrolment saved.
saved-member = Member added to the household.
saved-support = Support started.
saved-assessment = Needs assessment saved.
saved-plan-action = Action added to the plan.
saved-action-done = Action marked done.
saved-home-visit = Visit saved.
saved-exit = End of support saved.
saved-disabled = Account disabled.
end-care-title = End care
end-care-check-title = Check before ending care
# $elide says whether French writes d' or de before the name; English has
# no elision, so its one variant ignores it.
end-care-ends = { $elide ->
       *[any] { $name }'s
    } care in the village will end on the date chosen.
end-care-house = Their place in their family house ({ $house }) will be freed on that date.
end-care-follow-up = The reason for leaving stays in the record, and follow-up visits are recorded on their page.
end-care-final = Once confirmed, the end of care cannot be undone from this page.
end-care-confirm = Confirm the end of care
end-support-title = End family support
end-support-check-title = Check before ending family support
end-support-ends = Support for the household { $name } will end on the date chosen: no more assessments, actions or visits.
end-support-open-actions = { $count ->
    [one] One plan action is not done; it will stay open in the history.
   *[other] { $count } plan actions are not done; they will stay open in the history.
}
end-support-restart = To support this household again, a new support must be started.
end-support-final = Once confirmed, the end of support cannot be undone from this page.
end-support-confirm = Confirm the end of support
disable-title = Disable this account?
disable-sign-in = This person will no longer be able to sign in.
disable-sessions = Their open sessions will be ended at once.
disable-kept = The account and its history are kept; it can be enabled again (with the national director's agreement for roles that see records).
## corrections
error-implausible = very unlikely for this child: check it, then confirm it if it is right.
implausible-title = Check the measurement
implausible-explain = Nothing is saved yet. A value is very unlikely for the child's age or height by the WHO standards: it is often a typing slip. Correct it, or tick the box to save it as it is.
implausible-confirm = I have checked: these values are right, save anyway
implausible-zwei = Weight very unlikely for the age: check it.
implausible-zlen = Length/height very unlikely for the age: check it.
implausible-zwfl = Weight very unlikely for the length/height: check it.
implausible-zbmi = Weight very unlikely for the height and age (BMI): check it.
implausible-zhc = Head circumference very unlikely for the age: check it.
implausible-zac = Arm circumference very unlikely for the age: check it.
amend-kind-measurement = Measurement
amend-kind-vaccination = Vaccine dose
amend-kind-extra_dose = Dose outside the schedule
amend-kind-medical_visit = Medical visit
amend-kind-care_follow_up = Care follow-up
amend-kind-home_visit = Home visit
amend-kind-assessment = Needs assessment
amend-struck = Struck out
amend-record-correct = Correct
amend-record-strike = Strike out
amend-record-strike-explain = A struck-out record stays in the history but no longer counts (lists, counts, and the vaccination card for a dose).
amend-record-strike-save = Strike out this record
strike-check-title = Check before striking out
strike-check-stays = The record stays in the history, with this reason, and its page can still be read.
strike-check-counts = It no longer counts: lists, counts, charts, the vaccination card.
strike-check-final = A struck-out record can no longer be corrected or restored.
amend-link = Correct
context-campaign = Campaign
context-catch_up = Catch-up
context-other = Other
undated-card = Given per the health card, date unknown
undated-unknown = Unknown
card-link = Vaccination card: dose without a date, unknown history, dose outside the schedule
card-title = Vaccination card
card-no-birth-date = Without a full birth date, the schedule cannot be applied.
card-overdue-count = { $count ->
    [one] { $count } dose overdue
   *[other] { $count } doses overdue
}
card-none-overdue = No dose overdue.
card-extra-title = Doses outside the schedule
card-undated-title = Dose without a date
card-history-title = History before arrival
card-history-explain = For a child who came without a card, or with a card without dates: doses due before this day are no longer flagged as overdue.
history-unknown = History unknown
history-card_undated = Per the health card, dates unknown
card-extra-add = Add a dose outside the schedule (campaign, catch-up)
card-extra-vaccine = Vaccine
card-save = Save
amend-kind-admission = Admission
## home, search that behaves, status filters (issue 12 items 5, 7, 10)
nav-village = Village
nav-villages = Villages
home-title = Today
home-lead = Your locations: { $places }
home-acute = Acute malnutrition (SAM or MAM): { $count ->
    [0] no child
    [one] 1 child
   *[other] { $count } children
}
home-overdue = Overdue vaccinations: { $count ->
    [0] no child
    [one] 1 child
   *[other] { $count } children
}
home-acute-none = No child with acute malnutrition at their latest measurement.
home-overdue-none = No overdue vaccinations.
home-doses-overdue = { $count ->
    [one] 1 dose overdue
   *[other] { $count } doses overdue
}
home-family = Family strengthening: { $count ->
    [0] nothing to do
    [one] 1 household to follow up
   *[other] { $count } households to follow up
}
home-family-none = Nothing overdue or due within two weeks for the supported households.
home-family-all = All supported households
home-actions-overdue = { $count ->
    [one] 1 plan action overdue
   *[other] { $count } plan actions overdue
}
home-action-soon = action due on { $date }
home-visit-due = visit due (last on { $date })
home-visit-never = visit due (no visit yet)
home-village-open = Open the village page
home-arrivals = Arrivals in a house (last 90 days)
home-arrivals-none = No arrivals in the last 90 days.
home-arrived = arrived on { $date }
home-admitted-this-year = Admissions this year: { $count }
home-registrations = Registrations: the households of your locations
home-members = { $count ->
    [0] no member
    [one] 1 member
   *[other] { $count } members
}
home-households-all = All households
home-people-all = All people
home-figures-title = Our figures
home-figures-lead = What can be said of the work of SOS Children's Villages Mali without naming anyone.
home-figures-children = Children living in a family house
home-figures-households = Households supported (family strengthening)
home-fewer-than = fewer than { $count }
home-figures-small = Numbers from 1 to 4 are not shown: so few children or families could be recognised.
people-search-gone = This search is no longer available (a search is kept for 30 minutes, for you alone). Search again:
home-figures-children-short = Children in the houses

## security review (session 7)
home-at-least = at least { $count }

## walk-through fixes (s7-fixb)
error-full = This house is full (its capacity is reached): choose another one, or tick the box below to place the child there anyway.
care-confirm-over-capacity = I know the house is full: place the child there anyway
users-location-hint = Required, except for the roles that see every location: administrator, national director, auditor, fundraiser.
growth-struck = Struck-out measurements
amend-struck-explain = This measurement is struck out: it stays in the history, but is no longer drawn or counted, and can no longer be changed.
error-not_in_care = This child is not in care yet: admit one of the two children first, then the other, naming the first with this field.
households-search-gone = This search is no longer available (a search is kept for 30 minutes, for you alone). Search again:
error-before_admission = The leaving date cannot be before the admission.
end-care-before-admission = The leaving date cannot be before the admission ({ $date }).
## walk-through fixes (s7-fixa)
field-measured_on = Date measured
saved-card-undated = Dose without a date saved.
saved-card-history = Vaccination history saved.
saved-extra-dose = Dose outside the schedule saved.
pick-hint-example = A name (for example Aminata Traoré) or a record number (for example { $example }).
groups-none = No group yet.
left-count-reintegration = { $count ->
    [one] Reintegration with family
   *[other] Reintegrations with family
}
left-count-independent_life = { $count ->
    [one] Independent life
   *[other] Departures to independent life
}
left-count-transfer = { $count ->
    [one] Transfer
   *[other] Transfers
}
left-count-adoption = { $count ->
    [one] Adoption
   *[other] Adoptions
}
left-count-death = { $count ->
    [one] Death
   *[other] Deaths
}
left-count-other = { $count ->
    [one] Other departure
   *[other] Other departures
}
left-count-left = { $count ->
    [one] Departure
   *[other] Departures
}
audit-context-home = (home page)

## Dates typed the local way
date-format = DD/MM/YYYY

## The person summary says where the child lives
person-summary-in-care = In care — { $house }, { $village }
person-summary-in-care-house = In care — { $house }
person-summary-left-care = Left care on { $date }
person-summary-supported = Family supported since { $date }
person-summary-support-ended = Family support ended on { $date }
## walk-through fixes (s8-fixa)
growth-not-reassessed = seen on { $date }, not re-assessed since
growth-reassess = Nutrition status to re-assess (implausible measurement)
error-before_placement = This date is before the admission or before the child came to their current house.
error-before_planned = This action cannot have been done before it was planned: the family's support began later.
error-overlaps = Another stay of this child covers this day: two stays in care cannot overlap.
error-after_move = The child had moved to another house before this day: an admission comes before the moves that follow it.
error-fixed = This is set once, when the record is made: a house or a group stays in its village. Set up a new one in the other village instead.
error-before_start = An end cannot come before the start: this stay or support began later.
support-save-done = Save as done
amend-kind-plan_action = Support-plan action
pick-chosen = Person chosen
care-earlier-stays = Earlier stays
struck-count = { $count ->
    [one] 1 struck out
   *[other] { $count } struck out
}

## issue 12 leftovers
saved-schedule = Schedule saved.
saved-corrected-measurement = Measurement corrected.
saved-corrected-dose = Vaccination corrected.
saved-corrected-extra-dose = Dose outside the schedule corrected.
saved-corrected-medical-visit = Medical visit corrected.
saved-corrected-admission = Admission corrected.
saved-corrected-follow-up = Follow-up visit corrected.
saved-corrected-home-visit = Home visit corrected.
saved-corrected-assessment = Needs assessment corrected.
saved-corrected-plan-action = Plan action corrected.
saved-struck-measurement = Measurement struck out: it is no longer drawn or counted.
saved-struck-dose = Vaccination struck out: it no longer counts on the card.
saved-struck-extra-dose = Dose outside the schedule struck out.
saved-struck-medical-visit = Medical visit struck out.
saved-struck-follow-up = Follow-up visit struck out.
saved-struck-home-visit = Home visit struck out.
saved-struck-assessment = Needs assessment struck out.
saved-struck-support = Family support struck out: the household is no longer counted as supported.
saved-struck-plan-action = Plan action struck out.
saved-corrected-support = Family support corrected.
saved-struck-admission = Admission struck out: the child is no longer counted as in care.
amend-kind-family_support = Family support
audit-record-hint = A record number (KIT-000101) or an id.
audit-record-unknown = No record has the number { $number }.
## hub and sites: enrolment (s9-enrol)
record-site = Site
field-public_key = Device public key
field-body = Body of the request
field-limit = Number of operations
## merge (issue 14: conflict review)
field-value = Value
saved-person = Record saved.

## Sync between sites and the hub (issue 14): conflicts, sync state, sites
nav-conflicts = Conflicts
nav-relief = Relief
nav-sites = Sites
conflicts-title = Conflicts between sites
conflicts-lead = Two sites changed these fields without seeing each other's change. Keep one of the values, or type the right one: the choice reaches every site.
conflicts-lead-read-only = Two sites changed these fields without seeing each other's change. A director, or a role that may change the field, decides which value is kept.
conflicts-none = No conflict between sites in your places.
conflict-safety-critical = Child safety
conflict-value = Value
conflict-who = Changed by
conflict-where = Where
conflict-when = When
conflict-shown-meanwhile = shown meanwhile
conflict-keep = Which value is right?
conflict-other-value = Another value
conflict-type-value = { $field } (type the right value)
conflict-resolve = Keep this value
conflict-field-record = The record itself
conflict-value-empty = (empty)
conflict-value-other = (a value this site does not know)
conflict-value-removed = Record removed
conflict-who-unknown = unknown account
conflict-where-this-site = this site
conflict-where-hub = the national office
conflict-where-elsewhere = another site
saved-resolved = Conflict resolved: the value kept will reach every site.
precision-exact = exact date
precision-year = year only
precision-estimated = estimated
warn-conflict = { $field }: { $values }
warn-conflict-or = {" "}or{" "}
warn-conflict-critical = Two sites disagree on what decides this child's safety
warn-conflict-resolve = Resolve
warn-conflict-other = Two sites changed these fields differently:
sync-state = Sync with the national office:
sync-state-conflict = { $count ->
    [one] 1 field in conflict
   *[other] { $count } fields in conflict
}
sync-state-refused = { $what } refused by the national office ({ $reason })
sync-state-waiting = { $count ->
    [one] 1 change made here waiting to be sent
   *[other] { $count } changes made here waiting to be sent
}
sync-state-sent = { $count ->
    [one] 1 change sent, waiting for the national office's answer
   *[other] { $count } changes sent, waiting for the national office's answer
}
sync-state-acknowledged = changes made here have reached the national office
sync-state-none = no change made at this site
sync-refused-forbidden = the account that made it may not make this change
sync-refused-out_of_scope = the record is outside this site's places
sync-refused-malformed = the value is not one the record can hold
sync-refused-unknown_kind = the national office does not know this kind of record yet
sync-refused-unknown_field = the national office does not know this field yet
sync-refused-op_id_mismatch = the change was damaged on the way
sync-refused-seq_reused = the change was sent twice with different content
sync-refused-no_user = the change does not say which account made it
sync-refused-user_disabled = the account that made it is disabled or unknown at the national office
sync-refused-record_refused = the record it changes was itself refused
sync-refused-depends_on_refused = it follows a change that was refused
sync-refused-conflicting_record = the national office already has a record under this number or key
sync-refused-gap = a change made before it has not arrived yet
sync-refused-other_device = it comes from another device than this site
sync-refused-fixed_field = it changes what is set once, when the record is made (where a family house or a care group is)
sync-refused-other = refused for a reason this version cannot say
sync-refused-title = Changes refused by the national office
sync-refused-lead = These changes were made here, and the national office refused them. They are still shown on this site's records; make them again the right way, or ask the national office.
sync-refused-none = No change made here was refused.
sync-refused-record = Record
sync-refused-field = Field
sync-refused-reason = Why
home-sync-last = Last synced with the national office: { $when }
home-sync-never = Not yet synced with the national office since enrolment.
home-sync-waiting = { $count ->
    [0] No change waiting to be sent.
    [one] 1 change waiting to be sent.
   *[other] { $count } changes waiting to be sent.
}
home-conflicts = { $count ->
    [one] 1 field in conflict waits for your decision
   *[other] { $count } fields in conflict wait for your decision
}
home-sync-refused = { $count ->
    [one] 1 change refused by the national office
   *[other] { $count } changes refused by the national office
}
sites-title = Sites
sites-never = never
sites-enrolled = enrolled { $when }
sites-waiting-until = waiting for enrolment (code valid until { $when })
sites-retired = retired { $when }: another laptop was enrolled for this place, this one can no longer send or receive
sites-waiting-expired = waiting for enrolment (code expired: create the site again)
sites-pending-at-most = at most { $count }
sites-pending-hint = Changes waiting for a site: counted from where its last pull reached, before keeping only its places — a site may receive fewer.
sites-created = Site created for { $place }
sites-code = Enrolment code:
sites-code-once = It is shown only this once and works once, for 24 hours. Write it down for the site's laptop.
sites-command = On the site's laptop, type:
sites-code-gone = The enrolment code was shown once and is not shown again. If it was lost, create the site again.
sites-none = No site yet.
sites-place = Place
sites-enrolment = Enrolment
sites-last-contact = Last contact
sites-pending = Changes waiting for it
sites-conflicts = Conflicts
sites-refused = Refused changes
sites-create = Create a site
sites-create-place = Place the site serves
sites-create-button = Create the site and its code
sites-create-place-hint = Usually a Children's Village or an office: the site receives everything in that place and below it.
sites-create-replaces = If the place already has a site (a laptop replaced), the old one is retired when the new laptop enrols: what it has not sent by then will never arrive.
record-refused_changes = Changes refused by the national office
record-conflicts = Conflicts between sites

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
error-invalid_date = Enter a real date (day, month and year, or the year alone).
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
field-location_ids = Assigned location
field-national_id = National ID (NINA)
field-birth_certificate = Birth certificate number
field-phone = Phone
field-address = Address
field-medical_notes = Medical notes
field-protection_notes = Protection notes
field-record_number = Record number
field-relationship = Relationship to the head
field-name = Name
field-code = Code
field-kind = Kind
field-parent = Part of
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

hint-other_names = Other ways the name is written (for example Coulibaly, Kulibali), separated by commas.
hint-birth_date = For example 27 3 2019. If only the year is known, fill in the year only.
hint-estimated = Approximate date
hint-age_years = If the date of birth is unknown, give the age: the date will be estimated.
hint-password = At least 12 characters. A sentence you can remember is a good choice.
hint-record_number = The person's record number, for example KIT-000042.
hint-head = Optional: the record number of the head of household.

date-day = Day
date-month = Month
date-year = Year
birth-estimated = about { $year }

group-identity = Identity
group-contact = Contact
group-medical = Health
group-protection = Protection

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
audit-when = Time (UTC)
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
nutrition-due = Not measured for more than 90 days
nutrition-child = Child
nutrition-last-measured = Last measured
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
village-age-0-5 = 0 to 5 years
village-age-6-11 = 6 to 11 years
village-age-12-17 = 12 to 17 years
village-age-18 = 18 and over
village-this-year = This year
village-admitted = Admissions
village-left = Leavings
village-add-house = Add a family house
field-capacity = Capacity (children)
field-sos_parent = SOS parent (record number)
care-title = Care
care-none = No admission recorded.
care-admit = Admit the child
care-move = Move to another house
care-leave = Leaving care
care-siblings = Brothers and sisters admitted together
care-siblings-split = Brothers or sisters admitted together live in different houses.
care-until = Until
care-now = now
field-admitted_on = Admitted on
field-reason = Reason for admission
field-referred_by = Referred by
field-house_id = Family house
field-sibling = Brother or sister admitted with (record number)
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

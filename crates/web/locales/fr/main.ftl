# dugu — messages en français (langue par défaut).

nav-skip = Aller au contenu
nav-label = Menu principal
nav-home = Accueil
nav-people = Personnes
nav-households = Ménages
nav-locations = Lieux
nav-audit = Journal d'audit
nav-users = Utilisateurs
nav-logout = Se déconnecter
footer-text = dugu — Villages d'Enfants SOS Mali. Données confidentielles : ne les partagez qu'avec qui en a besoin.

login-title = Connexion
login-username = Nom d'utilisateur
login-password = Mot de passe
login-submit = Se connecter
login-failed = Nom d'utilisateur ou mot de passe incorrect.
login-throttled = Trop de tentatives. Patientez quelques minutes avant de réessayer.
login-session-ended = Votre session a pris fin : ce que vous venez d'envoyer n'a pas été enregistré. Reconnectez-vous ; vous reviendrez à la page où vous étiez, pour le saisir à nouveau.
login-expired = Le formulaire a expiré. Veuillez réessayer.

totp-title = Code de vérification
totp-enrol-title = Activer la vérification en deux étapes
totp-help = Saisissez le code à 6 chiffres affiché par votre application d'authentification.
totp-enrol-help = Ajoutez ce secret dans votre application d'authentification (par exemple FreeOTP ou Google Authenticator), puis saisissez le code qu'elle affiche.
totp-code = Code à 6 chiffres
totp-submit = Vérifier
totp-wrong = Code incorrect ou déjà utilisé. Réessayez avec le code suivant.

error-title-prefix = Erreur :
error-summary-title = Il y a un problème
error-required = Ce champ est obligatoire.
error-too_long = Ce texte est trop long.
error-control_characters = Ce texte contient des caractères non autorisés (retours à la ligne, tabulations…).
error-invalid_date = Saisissez une date valide : jour, mois et année, par exemple 27/03/2024.
error-future_date = La date ne peut pas être dans le futur.
error-not_allowed = Cette valeur n'est pas autorisée.
error-unknown = Introuvable.
error-out_of_range = Cette valeur est hors des limites autorisées.
error-malformed = Le format n'est pas valide.
error-unknown_field = Champ inconnu.
error-too_short = Trop court : au moins 12 caractères.
error-breached = Ce mot de passe est trop courant. Choisissez-en un autre, par exemple une phrase.
error-taken = Déjà utilisé.
error-forbidden = Vous n'avez pas le droit de modifier ce champ.
error-before_birth = Cette date est antérieure à la date de naissance.
error-unchanged = Rien n'a changé : modifiez au moins une valeur.
error-struck_out = Cet enregistrement est barré : il ne peut plus être modifié.

status-not-found-title = Page introuvable
status-not-found-text = Cette page n'existe pas ou vous n'y avez pas accès.
status-forbidden-title = Accès refusé
status-forbidden-text = Votre rôle ne permet pas cette action.
status-too-many-title = Trop de tentatives
status-too-many-text = Patientez quelques minutes avant de réessayer.
status-internal-title = Erreur du serveur
status-internal-text = Une erreur s'est produite. Rien n'a été enregistré. Réessayez ou contactez l'administrateur.

field-given_name = Prénom(s)
field-family_name = Nom de famille
field-other_names = Autres orthographes
field-sex = Sexe
field-birth_date = Date de naissance
field-birth_date_precision = Précision de la date
field-age_years = Âge (en années)
field-location_id = Lieu
field-age_group = Tranche d'âge
field-status = Situation
filter-any = Tous
person-status-in_care = En village d'enfants
person-status-left_care = A quitté la prise en charge
person-status-family_support = Famille accompagnée
field-location_ids = Lieu d'affectation
field-national_id = Numéro NINA
field-birth_certificate = Numéro d'acte de naissance
field-phone = Téléphone
field-address = Adresse
field-medical_notes = Notes médicales
field-protection_notes = Notes de protection
field-record_number = Numéro de dossier
field-person_id = Personne
field-relationship = Lien avec le chef de ménage
field-name = Nom
field-code = Code
field-kind = Type
field-parent = Rattaché à
field-parent_id = Rattaché à
field-start_date = Début
field-target = Objectif
field-username = Nom d'utilisateur
field-display_name = Nom affiché
field-password = Mot de passe
field-current_password = Mot de passe actuel
field-new_password = Nouveau mot de passe
field-language = Langue
field-members = Membres
field-role = Rôle

hint-other_names = D'autres façons d'écrire le nom (par exemple Kulibali pour Coulibaly), une par ligne.
hint-birth_date = Par exemple 27 3 2019. Si seule l'année est connue, ne remplissez que l'année.
hint-estimated = Date approximative
hint-age_years = Si la date de naissance est inconnue, indiquez l'âge : la date sera estimée.
hint-password = Au moins 12 caractères. Une phrase facile à retenir est un bon choix.

date-day = Jour
date-month = Mois
date-year = Année
birth-estimated = vers { $year }

group-identity = Identité
group-contact = Contact
group-medical = Santé
group-protection = Protection
group-relief = Aide d'urgence

sex-F = Féminin
sex-M = Masculin

form-save = Enregistrer

people-title = Personnes
people-search-label = Rechercher un nom
people-search-submit = Rechercher
people-new = Enregistrer une personne
people-count = { $count ->
    [0] Aucune personne trouvée.
    [one] 1 personne.
   *[other] { $count } personnes.
}
pager-previous = Page précédente
pager-next = Page suivante

person-new-title = Enregistrer une personne
person-edit = Modifier
person-households = Ménages
field-programme_id = Programme
person-enrol = Inscrire au programme
person-programmes = Programmes

households-title = Ménages
household-new = Nouveau ménage
household-members = Membres
household-add-member = Ajouter un membre

relationship-head = Chef de ménage
relationship-spouse = Conjoint(e)
relationship-child = Enfant
relationship-grandchild = Petit-enfant
relationship-other = Autre

locations-title = Lieux
programmes-title = Programmes
kind-country = Pays
kind-region = Région
kind-cercle = Cercle
kind-commune = Commune
kind-site = Site
programme-childrens_village = Village d'Enfants SOS
programme-family_strengthening = Renforcement de la famille
programme-kindergarten = Jardin d'enfants
programme-school = École
programme-medical_centre = Centre médical
programme-emergency_relief = Aide d'urgence

audit-title = Journal d'audit
audit-record = Dossier
audit-user = Utilisateur
audit-action = Action
audit-from = Du
audit-until = Au
audit-filter = Filtrer
audit-export = Exporter (CSV)
audit-when = Date et heure
audit-role = Rôle
audit-fields = Champs
audit-chain-ok = Chaîne d'intégrité vérifiée : { $count } entrées.
audit-chain-broken = ATTENTION : la chaîne d'intégrité du journal est rompue.

account-title = Mon compte
account-role = Rôle
account-language = Langue
account-password = Changer de mot de passe
account-totp = Vérification en deux étapes
account-totp-on = Activée.
account-totp-off = Pas encore activée.
account-totp-enrol = Configurer une application d'authentification

role-administrator = Administrateur
role-national_director = Directeur national
role-director = Directeur de site
role-social_worker = Travailleur social
role-nurse = Infirmier
role-relief_officer = Agent d'aide d'urgence
role-relief_supervisor = Superviseur de l'aide d'urgence
role-fundraiser = Collecte de fonds
role-auditor = Auditeur

users-title = Utilisateurs
users-status = État
users-active = Actif
users-disabled = Désactivé
users-disable = Désactiver
users-enable = Réactiver
users-new = Nouvel utilisateur

# Growth monitoring
growth-title = Croissance
growth-latest = Dernière mesure :
growth-measure-again = Une valeur est invraisemblable : vérifiez la saisie et mesurez l'enfant à nouveau.
growth-flagged = invraisemblable
growth-none = Aucune mesure pour l'instant.
growth-acute = Malnutrition aiguë
growth-record = Enregistrer une mesure
growth-save = Enregistrer la mesure
field-date = Date
field-weight_kg = Poids (kg)
field-length_height_cm = Taille (cm)
field-measured = Mesurée
field-muac_mm = Périmètre brachial (mm)
field-head_cm = Périmètre crânien (cm)
field-oedema = Œdèmes bilatéraux prenant le godet
measured-lying = couché (longueur)
measured-standing = debout (hauteur)
acute-sam = Malnutrition aiguë sévère (MAS)
acute-mam = Malnutrition aiguë modérée (MAM)
acute-none = Pas de malnutrition aiguë
stunting-no = Pas de retard de croissance
stunting-moderate = Retard de croissance modéré (taille pour l'âge < −2 ET)
stunting-severe = Retard de croissance sévère (taille pour l'âge < −3 ET)
z-zlen = Taille pour l'âge
z-zwei = Poids pour l'âge
z-zwfl = Poids pour la taille
z-zbmi = IMC pour l'âge
z-zhc = Périmètre crânien pour l'âge
z-zac = Périmètre brachial pour l'âge
chart-wfa = Poids pour l'âge (kg, en mois)
chart-lhfa = Taille pour l'âge (cm, en mois)
chart-wfl = Poids pour la taille (kg, en cm)
nutrition-title = Suivi nutritionnel
nutrition-link = Suivi nutritionnel
nutrition-acute = Malnutrition aiguë à la dernière mesure
nutrition-falling = Poids pour l'âge en baisse de plus d'un écart-type
nutrition-due = Pas mesurés depuis plus de 90 jours, ou jamais
nutrition-child = Enfant
nutrition-last-measured = Dernière mesure
nutrition-never = Jamais mesuré
nutrition-months = { $range } mois
nutrition-section-acute = Malnutrition aiguë
nutrition-section-falling = Poids en baisse
nutrition-section-due = Mesure en retard
filter-submit = Filtrer
prevalence-title = Prévalence de la malnutrition
prevalence-link = Prévalence
prevalence-explain = Enfants de moins de 5 ans, à leur dernière mesure des 12 derniers mois. Pourcentage sous −2 et sous −3 écarts-types des normes OMS, intervalle de confiance à 95 % (Wilson) et effectif. Les valeurs invraisemblables sont exclues ; les œdèmes comptent comme sévères.
prevalence-csv = Télécharger en CSV (chiffres seulement)
prevalence-age = Âge
prevalence-both = Ensemble
prevalence-all-ages = Tous âges
prevalence-months = mois
prevalence-stunting = Retard de croissance (taille pour l'âge)
prevalence-underweight = Insuffisance pondérale (poids pour l'âge)
prevalence-wasting = Émaciation (poids pour la taille)

# Children's Villages
village-title = Village d'enfants
village-link = Village
village-houses = Maisons familiales
village-house = Maison familiale
village-sos-parent = Mère ou père SOS
village-occupancy = Occupation
village-children = Enfants
village-over-capacity = au-delà de la capacité
village-children-by-age = Enfants par âge et par sexe
age-group-0-4 = 0 à 4 ans
age-group-5-11 = 5 à 11 ans
age-group-12-17 = 12 à 17 ans
age-group-18-plus = 18 ans et plus
village-list-in-care = La liste des enfants pris en charge ici
household-status-supported = Accompagné (renforcement familial)
household-status-exited = Sorti du programme
households-count = { $count ->
    [0] Aucun ménage
    [one] 1 ménage
   *[other] { $count } ménages
}
village-this-year = Cette année
village-admitted = Admissions
village-add-house = Ajouter une maison familiale
field-capacity = Capacité (enfants)
field-sos_parent = Mère ou père SOS
field-sos_parent_id = Mère ou père SOS
care-title = Prise en charge
care-none = Pas d'admission enregistrée.
care-admit = Admettre l'enfant
care-move = Changer de maison
care-transfer = Transférer dans un autre village
care-transfer-hint = La maison actuelle prend fin ce jour-là ; l'enfant, avec tout son dossier, passe au village choisi (et à son site à la prochaine synchronisation). L'admission reste celle d'origine.
care-transfer-village = Village qui accueille l'enfant
care-transfer-house = Maison dans ce village
care-transfer-no-house = Pas encore de maison
care-leave = Fin de prise en charge
care-siblings = Frères et sœurs admis ensemble
care-siblings-split = Des frères et sœurs admis ensemble vivent dans des maisons différentes.
care-until = Jusqu'au
care-now = aujourd'hui
field-admitted_on = Date d'admission
field-reason = Motif d'admission
field-referred_by = Orienté par
field-house_id = Maison familiale
field-transferred_on = Date du transfert
field-sibling = Frère ou sœur admis avec
field-sibling_id = Frère ou sœur admis avec
field-from_date = Depuis le
field-left_on = Date de départ
field-leaving_reason = Motif de départ
reason-orphaned_aids = Orphelin (sida)
reason-orphaned_disaster = Orphelin (catastrophe)
reason-orphaned_conflict = Orphelin (conflit)
reason-relinquished_poverty = Confié par la famille (pauvreté)
reason-separated_conflict = Séparé par la guerre ou le déplacement
reason-abandoned = Abandonné
reason-other = Autre
leaving-reintegration = Réintégration familiale
leaving-independent_life = Vie autonome
leaving-transfer = Transfert
leaving-adoption = Adoption
leaving-death = Décès
leaving-other = Autre

# Family strengthening
support-title = Renforcement familial
support-none = Ce ménage n'est pas accompagné.
support-since = Accompagné depuis le
support-ended = fin le
support-start = Commencer l'accompagnement
support-assessment = Dernière évaluation des besoins
support-new-assessment = Nouvelle évaluation des besoins
support-save-assessment = Enregistrer l'évaluation
support-area = Domaine
support-score = Besoin (0–3)
support-change = Depuis la précédente
support-plan = Plan d'accompagnement
support-add-action = Ajouter une action
support-overdue = en retard
support-done = faite le
support-mark-done = Marquer comme faite
support-visits = Visites à domicile
support-add-visit = Enregistrer une visite
support-exit = Fin de l'accompagnement
score-0 = pas de besoin
score-1 = besoin modéré
score-2 = besoin important
score-3 = besoin critique
area-food = Alimentation
area-income = Revenus
area-housing = Logement
area-health = Santé
area-education = Éducation
area-child_care = Soins aux enfants
area-protection = Protection
change-better = en mieux
change-same = inchangé
change-worse = en moins bien
exit-graduated = Autonomie atteinte
exit-moved = Déménagement
exit-declined = Refus de la famille
exit-alternative_care = Prise en charge alternative
exit-other = Autre
field-started_on = Début
field-assessed_on = Date de l'évaluation
field-goal = Objectif
field-action = Action
field-responsible = Responsable
field-due_on = Échéance
field-done_on = Faite le
field-action_id = Action
field-visited_on = Date de la visite
field-notes = Notes
field-ended_on = Date de fin
field-exit_reason = Motif
field-food = Alimentation
field-income = Revenus
field-housing = Logement
field-health = Santé
field-education = Éducation
field-child_care = Soins aux enfants
field-protection = Protection

# Day-care and kindergarten
groups-title = Garderie et jardin d'enfants
groups-add = Créer le groupe
group-daycare = Garderie
group-kindergarten = Jardin d'enfants
register-children = { $count ->
    [one] { $count } enfant
   *[other] { $count } enfants
}
register-open = Ouvrir le registre
register-not-taken = Registre pas encore rempli ce jour : cochez les enfants présents.
register-save = Enregistrer les présences
register-saved = Présences enregistrées :
register-add-child = Ajouter un enfant au groupe
field-day = Jour
field-present = Présents

# Medical assistance
medical-title = Soins médicaux
medical-visits = Consultations
medical-vaccinations = Vaccinations
medical-record-visit = Enregistrer une consultation
medical-record-dose = Enregistrer une dose
dose-given = faite le
dose-overdue = en retard
dose-upcoming = bientôt due
dose-given_undated = faite (carnet, date inconnue)
dose-not_yet_due = à venir
dose-no_longer_given = plus donnée à cet âge
dose-unknown = inconnue
field-visit_reason = Motif de la consultation
field-diagnosis = Diagnostic
field-treatment = Traitement
field-referral = Orientation
field-dose = Vaccin
field-given_on = Date
overdue-title = Vaccinations en retard
overdue-link = Vaccinations
overdue-explain = Enfants de moins de deux ans (plus âgés tant qu'une dose du calendrier est due, et un an après) dont une dose est due et pas encore faite (les plus en retard d'abord).
overdue-doses = Doses en retard
schedule-title = Calendrier vaccinal
schedule-link = Calendrier vaccinal
schedule-explain = Les doses du Programme élargi de vaccination et l'âge auquel chacune est due. Les carnets et les listes de retards suivent ce calendrier ; une dose retirée reste sur les carnets qui l'enregistrent.
schedule-add = Ajouter une dose (ou modifier par son code)
schedule-save = Enregistrer
field-vaccine = Vaccin et dose
field-due_days = Âge dû (jours)
field-position = Ordre
field-active = En usage
yes = Oui
no = Non

# Schooling
school-title = Scolarité
school-save = Enregistrer l'année scolaire
field-year = Année scolaire
school-year-hint = Deux années séparées d'un tiret, par exemple « 2025-2026 ».
field-school = École
field-grade = Classe
field-result = Résultat
field-average = Moyenne /20
field-amend_reason = Motif de la correction
field-strike_reason = Motif pour barrer
field-struck_out = Barré
field-correction = Correction
field-sibling_group = Fratrie
field-to_date = Jusqu'au
field-site_id = Site
field-as_of = Historique inconnu avant le
field-context = Contexte
field-history = Historique vaccinal
field-undated = Dose sans date
result-passed = Admis
result-repeated = Redouble
result-dropped_out = Abandon
todo-title = À faire
todo-measure = Mesure de croissance à refaire : dernière mesure il y a plus de 90 jours
care-follow-ups = Suivi après la sortie
care-add-follow-up = Enregistrer une visite de suivi
nutrition-days = { $days } j

## Re-authentication, privilege grants and their approval
reauth-title = Confirmez votre identité
reauth-why = Cette action est sensible : saisissez à nouveau votre mot de passe (et votre code, si la vérification en deux étapes est activée). Vous pourrez ensuite refaire l'action pendant 15 minutes.
reauth-submit = Confirmer
reauth-wrong = Mot de passe ou code incorrect.
account-must-change-password = Un administrateur a réinitialisé votre mot de passe : choisissez-en un nouveau avant de continuer.
users-awaiting = En attente d'approbation
users-pending = Demande en attente d'approbation par le directeur national :
users-change-role = Rôle et site
users-change-role-hint = Un rôle qui donne accès aux dossiers des personnes doit être approuvé par le directeur national avant de prendre effet.
users-own-role = Vous ne pouvez pas changer votre propre rôle ni vos lieux : demandez-le à un autre administrateur.
users-actions = Actions
users-reset-password = Réinitialiser le mot de passe
users-reset-totp = Retirer la vérification en deux étapes
users-reset-done = Mot de passe provisoire, à remettre en main propre ; il ne sera plus affiché. L'utilisateur devra le changer à sa prochaine connexion :
users-totp-reset-done = Vérification en deux étapes retirée. L'utilisateur en configurera une nouvelle à sa prochaine connexion.
users-sent-for-approval = Enregistré. Ce rôle donne accès aux dossiers des personnes : il prendra effet après l'approbation du directeur national.
users-role-changed = Rôle modifié. Les sessions de l'utilisateur ont été fermées.
users-role-unchanged = Rien n'a changé : l'utilisateur a déjà ce rôle et ce site.
approvals-title = Approbations
approvals-hint = Un administrateur a demandé ces accès aux dossiers des personnes. Un accès ne prend effet qu'après votre approbation.
approvals-admin-hint = Ces demandes attendent l'approbation du directeur national.
approvals-none = Aucune demande en attente.
approvals-requested-by = Demandé par
approvals-new-account = nouveau compte
approvals-approve = Approuver
approvals-refuse = Refuser
audit-privilege-change = Changement de privilège
audit-shown = { $count ->
    [one] (1 dossier affiché)
   *[other] ({ $count } dossiers affichés)
}
request-role = Attribution d'un rôle
request-password_reset = Réinitialisation du mot de passe
request-second_factor_reset = Retrait de la vérification en deux étapes
request-enable = Réactivation du compte

amend-title = Mesure du
amend-back = Retour à la fiche
amend-correct = Corriger la mesure
amend-correct-save = Enregistrer la correction
amend-strike = Barrer la mesure
amend-strike-explain = Une mesure barrée reste dans l'historique mais n'est plus tracée ni comptée (prévalence, liste nutritionnelle).
amend-strike-save = Barrer cette mesure
amend-history = Historique
amend-by = Par
amend-what = Modification
amend-created = Saisie
growth-amend = Corriger ou barrer

## phone-and-formats (issue 12 items 8, 9 and the charts of item 3)
punct-colon = {"\u00A0"}:
time-zone-site = GMT
month-1 = janv.
month-2 = févr.
month-3 = mars
month-4 = avr.
month-5 = mai
month-6 = juin
month-7 = juil.
month-8 = août
month-9 = sept.
month-10 = oct.
month-11 = nov.
month-12 = déc.
audit-any-action = Toutes
audit-action-create = Création
audit-action-update = Modification
audit-action-delete = Suppression
audit-action-view = Consultation
audit-action-search = Recherche
audit-action-export = Export
audit-action-login = Connexion
audit-action-login_failed = Connexion refusée
audit-action-logout = Déconnexion
audit-action-permission_change = Changement de droits
audit-action-privilege_change = Changement de privilège
audit-action-reauthenticate = Nouvelle authentification
audit-action-reauth_failed = Nouvelle authentification refusée
audit-action-login_throttled = Connexion bloquée (trop d'essais)
audit-action-refused = Accès refusé
record-location = Lieu
record-user = Compte
record-role_request = Demande de rôle
record-person = Personne
record-household = Ménage
record-household_member = Membre de ménage
record-programme = Programme
record-enrolment = Inscription
record-measurement = Mesure
record-house = Maison familiale
record-admission = Admission
record-placement = Placement
record-care_follow_up = Suivi de prise en charge
record-family_support = Accompagnement familial
record-assessment = Évaluation des besoins
record-plan_action = Action du plan
record-home_visit = Visite à domicile
record-care_group = Groupe
record-group_member = Membre de groupe
record-register = Registre de présence
record-medical_visit = Visite médicale
record-vaccine_dose = Dose du calendrier
record-vaccination = Vaccination
record-vaccination_card = Carte de vaccination
record-extra_dose = Dose hors calendrier
record-school_year = Année scolaire
record-displacement = Déplacement (aide d'urgence)
record-member_needs = Besoins d'un membre (aide d'urgence)
record-relief_cycle = Cycle de distribution
record-entitlement = Droit
record-receipt = Reçu
record-audit = Journal d'audit
record-session = Session
record-system_principal = Compte système
record-person_list = Liste de personnes
record-household_list = Liste de ménages
record-houses = Maisons familiales
record-village = Village
record-family_due = Ménages à suivre
record-overdue_vaccinations = Vaccinations en retard
vaccine-bcg = BCG
vaccine-ipv = Polio injectable (VPI)
vaccine-mena = Méningite A
vaccine-mr1 = Rougeole-rubéole 1
vaccine-mr2 = Rougeole-rubéole 2
vaccine-opv0 = Polio (VPO 0)
vaccine-opv1 = Polio (VPO 1)
vaccine-opv2 = Polio (VPO 2)
vaccine-opv3 = Polio (VPO 3)
vaccine-pcv1 = Pneumocoque (PCV 1)
vaccine-pcv2 = Pneumocoque (PCV 2)
vaccine-pcv3 = Pneumocoque (PCV 3)
vaccine-penta1 = Pentavalent 1
vaccine-penta2 = Pentavalent 2
vaccine-penta3 = Pentavalent 3
vaccine-rota1 = Rotavirus 1
vaccine-rota2 = Rotavirus 2
vaccine-yf = Fièvre jaune
chart-legend = Courbes de référence OMS, en écarts types (ET) de la médiane
chart-outside = ▲ ▼ mesure hors de l'échelle du graphique, marquée au bord
## name picker (issue 12 items 6 and 7)
pick-hint = Un nom (par exemple Aminata Traoré) ou un numéro de dossier.
pick-search = Chercher
pick-title = Choisir : { $field }
pick-found = { $count ->
    [one] 1 personne trouvée : vérifiez que c'est bien elle, puis cochez-la.
   *[other] { $count } personnes trouvées : cochez la bonne.
}
pick-too-many = { $count } personnes trouvées : précisez le nom (prénom et nom) ou cochez parmi les premières.
pick-none = Personne de ce nom dans vos lieux.
pick-age = { $years ->
    [one] { $years } an
   *[other] { $years } ans
}
pick-age-about = { $years ->
    [one] environ { $years } an
   *[other] environ { $years } ans
}
pick-kept = Les autres informations du formulaire sont gardées : le bouton ci-dessous les enregistre avec la personne cochée.
pick-continue = Enregistrer avec cette personne
pick-cancel = Annuler et revenir à la page
pick-member = Membre à ajouter
pick-child = Enfant
pick-head = Chef de ménage (facultatif)
households-search-label = Rechercher un ménage
households-search-hint = Le nom du ménage ou d'un de ses membres.
## forms: errors beside their form, confirmations, weighty actions
form-choose = — Choisir —
form-continue = Continuer
form-cancel = Annuler
check-what-happens = Ce qui va se passer
check-change = Modifier les réponses
person-sections = Sections du dossier
person-age = { $years ->
    [one] { $years } an
   *[other] { $years } ans
}
section-identity = Identité
section-contact = Contact
section-medical-notes = Notes médicales
section-care = Prise en charge
section-school = Scolarité
section-medical = Soins médicaux
section-growth = Croissance
section-protection-notes = Protection
section-households = Ménages
section-programmes = Programmes
saved-admission = Admission enregistrée.
saved-placement = Changement de maison enregistré.
saved-transfer = Transfert dans l'autre village enregistré.
saved-leaving = Fin de prise en charge enregistrée.
saved-follow-up = Visite de suivi enregistrée.
saved-measurement = Mesure enregistrée.
saved-medical-visit = Consultation enregistrée.
saved-dose = Vaccination enregistrée.
saved-school-year = Année scolaire enregistrée.
saved-enrolment = Inscription enregistrée.
saved-member = Membre ajouté au ménage.
saved-support = Accompagnement commencé.
saved-assessment = Évaluation des besoins enregistrée.
saved-plan-action = Action ajoutée au plan.
saved-action-done = Action marquée comme faite.
saved-home-visit = Visite enregistrée.
saved-exit = Fin de l'accompagnement enregistrée.
saved-disabled = Compte désactivé.
end-care-title = Mettre fin à la prise en charge
end-care-check-title = Vérifiez avant de mettre fin à la prise en charge
end-care-ends = La prise en charge { $elide ->
        [yes] d'{ $name }
       *[no] de { $name }
    } au village prendra fin à la date choisie.
end-care-house = Sa place dans sa maison familiale ({ $house }) sera libérée à cette date.
end-care-follow-up = Le motif de départ restera dans le dossier, et les visites de suivi se noteront sur sa page.
end-care-final = Une fois confirmée, la fin de prise en charge ne peut pas être annulée depuis cette page.
end-care-confirm = Confirmer la fin de prise en charge
end-support-title = Mettre fin à l'accompagnement
end-support-check-title = Vérifiez avant de mettre fin à l'accompagnement
end-support-ends = L'accompagnement du ménage { $name } prendra fin à la date choisie : plus d'évaluations, d'actions ni de visites.
end-support-open-actions = { $count ->
    [one] Une action du plan n'est pas faite ; elle restera ouverte dans l'historique.
   *[other] { $count } actions du plan ne sont pas faites ; elles resteront ouvertes dans l'historique.
}
end-support-restart = Pour accompagner à nouveau ce ménage, il faudra commencer un nouvel accompagnement.
end-support-final = Une fois confirmée, la fin de l'accompagnement ne peut pas être annulée depuis cette page.
end-support-confirm = Confirmer la fin de l'accompagnement
disable-title = Désactiver ce compte ?
disable-sign-in = Cette personne ne pourra plus se connecter.
disable-sessions = Ses sessions ouvertes seront fermées tout de suite.
disable-kept = Le compte et son historique sont gardés ; il pourra être réactivé (avec l'accord du directeur national pour les rôles qui voient des dossiers).
## corrections
error-implausible = valeur très improbable pour cet enfant : vérifiez-la, puis confirmez-la si elle est juste.
implausible-title = Vérifiez la mesure
implausible-explain = Rien n'est encore enregistré. Une valeur est très improbable pour l'âge ou la taille de l'enfant selon les normes de l'OMS : c'est souvent une faute de frappe. Corrigez-la, ou cochez la case pour l'enregistrer telle quelle.
implausible-confirm = J'ai vérifié : ces valeurs sont justes, enregistrer quand même
implausible-zwei = Poids très improbable pour l'âge : vérifiez.
implausible-zlen = Taille très improbable pour l'âge : vérifiez.
implausible-zwfl = Poids très improbable pour la taille : vérifiez.
implausible-zbmi = Poids très improbable pour la taille et l'âge (IMC) : vérifiez.
implausible-zhc = Périmètre crânien très improbable pour l'âge : vérifiez.
implausible-zac = Périmètre brachial très improbable pour l'âge : vérifiez.
amend-kind-measurement = Mesure
amend-kind-vaccination = Dose de vaccin
amend-kind-extra_dose = Dose hors calendrier
amend-kind-medical_visit = Visite médicale
amend-kind-care_follow_up = Suivi de placement
amend-kind-home_visit = Visite à domicile
amend-kind-assessment = Évaluation des besoins
amend-struck = Barré
amend-record-correct = Corriger
amend-record-strike = Barrer
amend-record-strike-explain = Un enregistrement barré reste dans l'historique mais ne compte plus (listes, comptes, carte de vaccination pour une dose).
amend-record-strike-save = Barrer cet enregistrement
strike-check-title = Vérifier avant de barrer
strike-check-stays = L'enregistrement reste dans l'historique, avec ce motif, et sa page reste consultable.
strike-check-counts = Il ne compte plus : listes, comptes, courbes, carte de vaccination.
strike-check-final = Un enregistrement barré ne peut plus être corrigé ni rétabli.
amend-link = Corriger
context-campaign = Campagne
context-catch_up = Rattrapage
context-other = Autre
undated-card = Donnée d'après le carnet, date inconnue
undated-unknown = Inconnue
card-link = Carnet de vaccination : dose sans date, historique inconnu, dose hors calendrier
card-title = Carnet de vaccination
card-no-birth-date = Sans date de naissance complète, le calendrier ne peut pas être appliqué.
card-overdue-count = { $count ->
    [one] { $count } dose en retard
   *[other] { $count } doses en retard
}
card-none-overdue = Aucune dose en retard.
card-extra-title = Doses hors calendrier
card-undated-title = Dose sans date
card-history-title = Historique avant l'arrivée
card-history-explain = Pour un enfant arrivé sans carnet, ou avec un carnet sans dates : les doses dues avant ce jour ne sont plus signalées en retard.
history-unknown = Historique inconnu
history-card_undated = D'après le carnet, dates inconnues
card-extra-add = Ajouter une dose hors calendrier (campagne, rattrapage)
card-extra-vaccine = Vaccin
card-save = Enregistrer
amend-kind-admission = Admission
## home, search that behaves, status filters (issue 12 items 5, 7, 10)
nav-village = Village
nav-villages = Villages
home-title = Aujourd'hui
home-lead = Vos lieux : { $places }
home-acute = Malnutrition aiguë (MAS ou MAM) : { $count ->
    [0] aucun enfant
    [one] 1 enfant
   *[other] { $count } enfants
}
home-overdue = Vaccinations en retard : { $count ->
    [0] aucun enfant
    [one] 1 enfant
   *[other] { $count } enfants
}
home-acute-none = Aucun enfant en malnutrition aiguë à la dernière mesure.
home-overdue-none = Aucune vaccination en retard.
home-doses-overdue = { $count ->
    [one] 1 dose en retard
   *[other] { $count } doses en retard
}
home-family = Renforcement familial : { $count ->
    [0] rien à faire
    [one] 1 ménage à suivre
   *[other] { $count } ménages à suivre
}
home-family-none = Rien en retard ni à venir dans les deux semaines pour les ménages accompagnés.
home-family-all = Tous les ménages accompagnés
home-actions-overdue = { $count ->
    [one] 1 action du plan en retard
   *[other] { $count } actions du plan en retard
}
home-action-soon = action prévue le { $date }
home-visit-due = visite à faire (dernière le { $date })
home-visit-never = visite à faire (aucune visite encore)
home-village-open = Ouvrir la page du village
home-arrivals = Arrivées dans une maison (90 derniers jours)
home-arrivals-none = Aucune arrivée ces 90 derniers jours.
home-arrived = arrivé·e le { $date }
home-admitted-this-year = Admissions cette année : { $count }
home-registrations = Enregistrements : les ménages de vos lieux
home-members = { $count ->
    [0] aucun membre
    [one] 1 membre
   *[other] { $count } membres
}
home-households-all = Tous les ménages
home-people-all = Toutes les personnes
home-figures-title = Nos chiffres
home-figures-lead = Ce que l'on peut dire du travail de SOS Villages d'Enfants Mali sans nommer personne.
home-figures-children = Enfants vivant dans une maison familiale
home-figures-households = Ménages accompagnés (renforcement familial)
home-fewer-than = moins de { $count }
home-figures-small = Les nombres de 1 à 4 ne sont pas affichés : si peu d'enfants ou de familles pourraient être reconnus.
people-search-gone = Cette recherche n'est plus disponible (une recherche est gardée 30 minutes, pour vous seul). Recherchez à nouveau :
home-figures-children-short = Enfants dans les maisons

## security review (session 7)
home-at-least = au moins { $count }

## walk-through fixes (s7-fixb)
error-full = Cette maison est pleine (capacité atteinte) : choisissez-en une autre, ou cochez la case ci-dessous pour y placer l'enfant quand même.
care-confirm-over-capacity = Je sais que la maison est pleine : y placer l'enfant quand même
users-location-hint = Obligatoire, sauf pour les rôles qui voient tous les lieux : administrateur, directeur national, auditeur, collecte de fonds.
growth-struck = Mesures barrées
amend-struck-explain = Cette mesure est barrée : elle reste dans l'historique, mais n'est plus tracée ni comptée, et ne peut plus être modifiée.
error-not_in_care = Cet enfant n'est pas encore pris en charge au village : admettez d'abord l'un des deux enfants, puis l'autre en le désignant avec ce champ.
households-search-gone = Cette recherche n'est plus disponible (une recherche est gardée 30 minutes, pour vous seul). Recherchez à nouveau :
error-before_admission = La date de départ ne peut pas précéder l'admission.
end-care-before-admission = La date de départ ne peut pas précéder l'admission ({ $date }).
## walk-through fixes (s7-fixa)
field-measured_on = Date de la mesure
saved-card-undated = Dose sans date enregistrée.
saved-card-history = Historique vaccinal enregistré.
saved-extra-dose = Dose hors calendrier enregistrée.
pick-hint-example = Un nom (par exemple Aminata Traoré) ou un numéro de dossier (par exemple { $example }).
groups-none = Aucun groupe pour l'instant.
left-count-reintegration = { $count ->
    [one] Réintégration familiale
   *[other] Réintégrations familiales
}
left-count-independent_life = { $count ->
    [one] Vie autonome
   *[other] Départs en vie autonome
}
left-count-transfer = { $count ->
    [one] Transfert
   *[other] Transferts
}
left-count-adoption = { $count ->
    [one] Adoption
   *[other] Adoptions
}
left-count-death = { $count ->
    [one] Décès
   *[other] Décès
}
left-count-other = { $count ->
    [one] Autre départ
   *[other] Autres départs
}
left-count-left = { $count ->
    [one] Départ
   *[other] Départs
}
audit-context-home = (page d'accueil)

## Dates typed the local way
date-format = JJ/MM/AAAA

## The person summary says where the child lives
person-summary-in-care = Prise en charge — { $house }, { $village }
person-summary-in-care-house = Prise en charge — { $house }
person-summary-left-care = Fin de prise en charge le { $date }
person-summary-supported = Famille accompagnée depuis le { $date }
person-summary-support-ended = Accompagnement familial terminé le { $date }
## walk-through fixes (s8-fixa)
growth-not-reassessed = constatée le { $date }, pas réévaluée depuis
growth-reassess = Statut nutritionnel à réévaluer (mesure non plausible)
error-before_placement = Cette date précède l'admission ou l'arrivée de l'enfant dans sa maison actuelle.
error-before_planned = Cette action ne peut pas avoir été faite avant d'être prévue : l'accompagnement de la famille a commencé plus tard.
error-overlaps = Un autre séjour de cet enfant couvre ce jour : deux prises en charge ne peuvent pas se chevaucher.
error-after_move = L'enfant avait déjà changé de maison avant ce jour : une admission précède les changements de maison qui la suivent.
error-fixed = Ce champ est fixé à la création de la fiche : une maison ou un groupe reste dans son village. Créez-en un nouveau dans l'autre village.
error-before_start = Une fin ne peut pas précéder le début : ce séjour ou cet accompagnement a commencé plus tard.
support-save-done = Enregistrer comme faite
amend-kind-plan_action = Action du plan d'accompagnement
pick-chosen = Personne choisie
care-earlier-stays = Séjours précédents
struck-count = { $count ->
    [one] 1 enregistrement barré
   *[other] { $count } enregistrements barrés
}

## issue 12 leftovers
saved-schedule = Calendrier enregistré.
saved-corrected-measurement = Mesure corrigée.
saved-corrected-dose = Vaccination corrigée.
saved-corrected-extra-dose = Dose hors calendrier corrigée.
saved-corrected-medical-visit = Consultation corrigée.
saved-corrected-admission = Admission corrigée.
saved-corrected-follow-up = Visite de suivi corrigée.
saved-corrected-home-visit = Visite à domicile corrigée.
saved-corrected-assessment = Évaluation des besoins corrigée.
saved-corrected-plan-action = Action du plan corrigée.
saved-struck-measurement = Mesure barrée : elle n'est plus dessinée ni comptée.
saved-struck-dose = Vaccination barrée : elle ne compte plus sur la carte.
saved-struck-extra-dose = Dose hors calendrier barrée.
saved-struck-medical-visit = Consultation barrée.
saved-struck-follow-up = Visite de suivi barrée.
saved-struck-home-visit = Visite à domicile barrée.
saved-struck-assessment = Évaluation des besoins barrée.
saved-struck-support = Accompagnement familial barré : le ménage n'est plus compté comme accompagné.
saved-struck-plan-action = Action du plan barrée.
saved-corrected-support = Accompagnement corrigé.
saved-struck-admission = Admission barrée : l'enfant n'est plus compté comme accueilli.
amend-kind-family_support = Accompagnement de la famille
audit-record-hint = Un numéro de dossier (KIT-000101) ou un identifiant.
audit-record-unknown = Aucun dossier ne porte le numéro { $number }.
## hub and sites: enrolment (s9-enrol)
record-site = Site
field-public_key = Clé publique de l'appareil
field-body = Corps de la requête
field-limit = Nombre d'opérations
## merge (issue 14: conflict review)
field-value = Valeur
saved-person = Fiche enregistrée.

## Synchronisation entre les sites et le siège (issue 14) : conflits, état, sites
nav-conflicts = Conflits
nav-relief = Secours
nav-sites = Sites
conflicts-title = Conflits entre sites
conflicts-lead = Deux sites ont modifié ces champs sans voir la modification de l'autre. Gardez l'une des valeurs, ou saisissez la bonne : le choix parvient à tous les sites.
conflicts-lead-read-only = Deux sites ont modifié ces champs sans voir la modification de l'autre. Un directeur, ou un rôle qui peut modifier le champ, décide de la valeur gardée.
conflicts-none = Aucun conflit entre sites dans vos lieux.
conflict-safety-critical = Sécurité de l'enfant
conflict-value = Valeur
conflict-who = Modifié par
conflict-where = Où
conflict-when = Quand
conflict-shown-meanwhile = affichée en attendant
conflict-keep = Quelle valeur est la bonne ?
conflict-other-value = Une autre valeur
conflict-type-value = { $field } (saisissez la bonne valeur)
conflict-resolve = Garder cette valeur
conflict-field-record = La fiche elle-même
conflict-value-empty = (vide)
conflict-value-other = (une valeur que ce site ne connaît pas)
conflict-value-removed = Fiche supprimée
conflict-who-unknown = compte inconnu
conflict-where-this-site = ce site
conflict-where-hub = le bureau national
conflict-where-elsewhere = un autre site
saved-resolved = Conflit résolu : la valeur gardée parviendra à tous les sites.
precision-exact = date exacte
precision-year = année seulement
precision-estimated = estimée
warn-conflict = { $field } : { $values }
warn-conflict-or = {" "}ou{" "}
warn-conflict-critical = Deux sites ne sont pas d'accord sur ce qui décide de la sécurité de cet enfant
warn-conflict-resolve = Résoudre
warn-conflict-other = Deux sites ont modifié ces champs différemment :
sync-state = Synchronisation avec le bureau national :
sync-state-conflict = { $count ->
    [one] 1 champ en conflit
   *[other] { $count } champs en conflit
}
sync-state-refused = { $what } : modification refusée par le bureau national ({ $reason })
sync-state-waiting = { $count ->
    [one] 1 modification faite ici en attente d'envoi
   *[other] { $count } modifications faites ici en attente d'envoi
}
sync-state-sent = { $count ->
    [one] 1 modification envoyée, en attente de la réponse du bureau national
   *[other] { $count } modifications envoyées, en attente de la réponse du bureau national
}
sync-state-acknowledged = les modifications faites ici sont parvenues au bureau national
sync-state-none = aucune modification faite sur ce site
sync-refused-forbidden = le compte qui l'a faite ne peut pas faire cette modification
sync-refused-out_of_scope = la fiche est hors des lieux de ce site
sync-refused-malformed = la valeur n'est pas une valeur que la fiche peut contenir
sync-refused-unknown_kind = le bureau national ne connaît pas encore ce type de fiche
sync-refused-unknown_field = le bureau national ne connaît pas encore ce champ
sync-refused-op_id_mismatch = la modification a été abîmée en route
sync-refused-seq_reused = la modification a été envoyée deux fois avec un contenu différent
sync-refused-no_user = la modification ne dit pas quel compte l'a faite
sync-refused-user_disabled = le compte qui l'a faite est désactivé ou inconnu au bureau national
sync-refused-record_refused = la fiche qu'elle modifie a elle-même été refusée
sync-refused-depends_on_refused = elle suit une modification qui a été refusée
sync-refused-conflicting_record = le bureau national a déjà une fiche sous ce numéro ou cette clé
sync-refused-gap = une modification faite avant elle n'est pas encore arrivée
sync-refused-other_device = elle vient d'un autre appareil que ce site
sync-refused-fixed_field = elle change ce qui est fixé à la création de la fiche (le lieu d'une maison familiale ou d'un groupe)
sync-refused-other = refusée pour une raison que cette version ne sait pas dire
sync-refused-title = Modifications refusées par le bureau national
sync-refused-lead = Ces modifications ont été faites ici et le bureau national les a refusées. Elles restent affichées sur les fiches de ce site ; refaites-les correctement, ou demandez au bureau national.
sync-refused-none = Aucune modification faite ici n'a été refusée.
sync-refused-record = Fiche
sync-refused-field = Champ
sync-refused-reason = Pourquoi
home-sync-last = Dernière synchronisation avec le bureau national : { $when }
home-sync-never = Pas encore synchronisé avec le bureau national depuis l'inscription.
home-sync-waiting = { $count ->
    [0] Aucune modification en attente d'envoi.
    [one] 1 modification en attente d'envoi.
   *[other] { $count } modifications en attente d'envoi.
}
home-conflicts = { $count ->
    [one] 1 champ en conflit attend votre décision
   *[other] { $count } champs en conflit attendent votre décision
}
home-sync-refused = { $count ->
    [one] 1 modification refusée par le bureau national
   *[other] { $count } modifications refusées par le bureau national
}
sites-title = Sites
sites-never = jamais
sites-enrolled = inscrit le { $when }
sites-waiting-until = en attente d'inscription (code valable jusqu'au { $when })
sites-retired = retiré le { $when } : un autre ordinateur a été inscrit pour ce lieu, celui-ci ne peut plus envoyer ni recevoir
sites-waiting-expired = en attente d'inscription (code expiré : créez à nouveau le site)
sites-pending-at-most = au plus { $count }
sites-pending-hint = Modifications en attente pour un site : comptées depuis là où sa dernière récupération est arrivée, avant de ne garder que ses lieux — un site peut en recevoir moins.
sites-created = Site créé pour { $place }
sites-code = Code d'inscription :
sites-code-once = Il n'est affiché que cette fois et ne sert qu'une fois, pendant 24 heures. Notez-le pour l'ordinateur du site.
sites-command = Sur l'ordinateur du site, tapez :
sites-code-gone = Le code d'inscription a été affiché une fois et ne l'est plus. S'il a été perdu, créez à nouveau le site.
sites-none = Aucun site pour l'instant.
sites-place = Lieu
sites-enrolment = Inscription
sites-last-contact = Dernier contact
sites-pending = Modifications en attente pour lui
sites-conflicts = Conflits
sites-refused = Modifications refusées
sites-create = Créer un site
sites-create-place = Lieu que le site sert
sites-create-button = Créer le site et son code
sites-create-place-hint = Le plus souvent un village d'enfants ou un bureau : le site reçoit tout ce qui se trouve dans ce lieu et en dessous.
sites-create-replaces = Si le lieu a déjà un site (un ordinateur remplacé), l'ancien est retiré quand le nouvel ordinateur s'inscrit : ce qu'il n'a pas envoyé d'ici là n'arrivera plus.
record-refused_changes = Modifications refusées par le bureau national
record-conflicts = Conflits entre sites

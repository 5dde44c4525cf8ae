"""How bench/linkage_gen2.py writes a person down on a registration form: the enumerator's habits
(accents, capitals, phone format, which place level), spelling drift, estimated ages, typos.

Proportions are guesses unless a comment names a source; bench/linkage_gen2.md lists them.
"""

import datetime
from bisect import bisect
from itertools import accumulate

import linkage_gen2_data as D

YEAR = 365.2425
SEP = "\x1f"  # the ASCII unit separator: never in a name, a date or a number
ACCENTS = str.maketrans(
    "àâäáãéèêëíìîïóòôöõúùûüçñÀÂÄÁÉÈÊËÍÌÎÏÓÒÔÖÚÙÛÜÇÑ", "aaaaaeeeeiiiiooooouuuucnAAAAEEEEIIIIOOOOUUUUCN"
)
# Letters a hurried or unfamiliar hand confuses (phonetic neighbours first, as in the spelling rules
# of linkage.md: C/K, ou/u, i/y, s/z, d/t, b/p, m/n).
CONFUSED = {
    "a": "eo", "e": "ai", "i": "ye", "o": "ua", "u": "oi", "y": "i", "c": "ks", "k": "c", "s": "zc", "z": "s",
    "d": "t", "t": "d", "b": "p", "p": "b", "m": "n", "n": "m", "g": "k", "r": "l", "l": "r", "h": "",
}


class Pick:
    """A weighted choice drawn with one random number."""

    __slots__ = ("items", "cum", "total")

    def __init__(self, pairs):
        self.items = [item for item, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))
        self.total = self.cum[-1]

    def __call__(self, rng):
        return self.items[bisect(self.cum, rng.random() * self.total)]


def spaced(n):
    return f"{n[0:2]} {n[2:4]} {n[4:6]} {n[6:8]}"


# domain.md: +223 and 8 digits, written many ways. Shares are guesses.
PHONE_FORMATS = Pick([
    (lambda n: n, 40), (spaced, 25), (lambda n: "+223" + n, 15), (lambda n: "+223 " + spaced(n), 10),
    (lambda n: "00223" + n, 5), (lambda n: n[0:2] + "-" + n[2:4] + "-" + n[4:6] + "-" + n[6:8], 5),
])
# Which level of the place hierarchy an enumerator writes for the origin: most write the commune,
# a quarter prefer the cercle (issue 13: in a quarter of the missed pairs one record gives the
# commune and the other the cercle).
PLACE_HABITS = [Pick([(0, 75), (1, 18), (2, 7)]), Pick([(0, 30), (1, 60), (2, 10)])]


class Style:
    """One enumerator's habits, shared by every row of a form."""

    __slots__ = ("fold", "case", "phone", "swap", "place", "order_swap", "husband", "parents", "copy_doc")

    def __init__(self, rng):
        self.fold = rng.random() < 0.45  # keyboards without accents
        r = rng.random()
        self.case = 0 if r < 0.70 else 1 if r < 0.90 else 2  # Title, FAMILY in capitals, ALL CAPITALS
        self.phone = PHONE_FORMATS(rng)
        # Day and month swapped (DD/MM written as MM/DD): 15 % of enumerators, a quarter of their dates.
        self.swap = 0.25 if rng.random() < 0.15 else 0.0
        self.place = PLACE_HABITS[rng.random() < 0.25]
        # Family name first, in the given-name box (linkage.md: documents often put it first).
        self.order_swap = 0.2 if rng.random() < 0.10 else 0.005
        # Married women under the husband's family name (linkage.md *(verify)*): some enumerators do it
        # for most wives, others rarely.
        self.husband = 0.6 if rng.random() < 0.20 else 0.03
        self.parents = rng.random() < 0.80  # most forms ask for parents' names
        self.copy_doc = rng.random() < 0.01  # the head's document copied onto every adult


class Renderer:
    def __init__(self, rng, relays):
        self.rng = rng
        self.recent = [r for site in relays for r in site]

    def render(self, ev):
        rng = self.rng
        if ev.copy_of is not None and ev.copy_of.rows is not None:
            ev.style = ev.copy_of.style
            kept = {}
            for pid, cells in ev.copy_of.rows:
                kept.setdefault(pid, cells)
            rows = [kept[p.pid].split(SEP) if p.pid in kept else self.record(p, ev) for p in ev.members]
            if rows and rng.random() < 0.3:  # the second submission corrected one cell
                i = rng.randrange(len(rows))
                j = rng.choice((0, 4, 5))
                rows[i][j] = self.record(ev.members[i], ev)[j]
        else:
            ev.style = Style(rng)
            rows = [self.record(p, ev) for p in ev.members]
        # Kept as one string per row until written: a million rows of separate cells would not fit
        # comfortably in memory on a field laptop.
        ev.rows = [(p.pid, SEP.join(cells)) for p, cells in zip(ev.members, rows)]
        if ev.phone:
            self.recent[rng.randrange(len(self.recent))] = ev.phone

    def record(self, p, ev):
        rng, style = self.rng, ev.style
        day = datetime.date.fromordinal(ev.date)
        adult = (ev.date - p.birth) > 18 * YEAR
        given, family = self.names(p, style)
        r = rng.random()
        sex = "" if r < 0.015 else ("F" if p.sex == "M" else "M") if r < 0.019 else p.sex
        birth_date, age = self.birth(p, day, ev.date, style)
        return [
            given, family, sex, birth_date, age, self.phone(p, ev, adult), self.document(p, ev, adult),
            self.parent(p.father, style, adult, True), self.parent(p.mother, style, adult, False),
            self.place(p.origin, style), self.site(ev.site),
        ]

    # -- names -------------------------------------------------------------------------------------
    def given(self, p, nick_rate):
        rng = self.rng
        if p.nick and rng.random() < nick_rate:
            return p.nick
        spellings = p.given.spellings
        s = p.given_usual if len(spellings) == 1 or rng.random() < 0.8 else rng.choice(spellings)
        if p.second:
            r = rng.random()
            s = f"{s} {p.second}" if r < 0.70 else s if r < 0.88 else p.second if r < 0.92 else f"{s}-{p.second}"
        return s

    def family(self, canon, usual):
        rng = self.rng
        if canon.startswith("Ag "):
            r = rng.random()
            prefix = "Ag " if r < 0.8 else "Ag-" if r < 0.9 else "AG " if r < 0.95 else "ag "
            return prefix + canon[3:]
        if canon.startswith("Walet "):
            prefix = rng.choice(("Walet ", "Walet ", "Walet ", "Oualet ", "Welet ", "Wallet "))
            return prefix + canon[6:]
        if rng.random() < 0.8:
            return usual
        return rng.choice([canon] + D.FAMILY_VARIANTS.get(canon, []))

    def names(self, p, style):
        rng = self.rng
        # Nicknames and diminutives in place of the name for a third of the records of those who
        # go by one (about 10 % of the records overall; guess).
        given = self.given(p, 0.35)
        husband = p.husband
        if husband is not None and rng.random() < style.husband and not husband.family.startswith("Ag "):
            family = self.family(husband.family, husband.family_usual)
        else:
            family = self.family(p.family, p.family_usual)
        if rng.random() < 0.025:
            given = self.typo(given)
        if rng.random() < 0.025:
            family = self.typo(family)
        r = rng.random()
        if r < style.order_swap:
            given, family = family, given
        elif r < style.order_swap + 0.004:
            given, family = f"{family} {given}", ""  # both names in one box
        if rng.random() < 0.005:
            given = ""
        if rng.random() < 0.01:
            family = ""
        return self.cased(given, style, False), self.cased(family, style, True)

    def cased(self, s, style, is_family):
        if style.fold:
            s = s.translate(ACCENTS)
        if style.case == 2 or (style.case == 1 and is_family):
            return s.upper()
        return s

    def typo(self, s):
        rng = self.rng
        if len(s) < 3:
            return s
        i = rng.randrange(1, len(s))
        r = rng.random()
        c = s[i].lower()
        if r < 0.4 and c in CONFUSED:
            swap = CONFUSED[c]
            return s[:i] + (rng.choice(swap) if swap else "") + s[i + 1:]
        if r < 0.6:
            return s[:i] + s[i + 1:]
        if r < 0.8:
            return s[:i] + s[i] + s[i:]
        if i + 1 < len(s):
            return s[:i] + s[i + 1] + s[i] + s[i + 2:]
        return s[:i] + rng.choice("aeiou") + s[i:]

    def parent(self, parent, style, adult, is_father):
        rng = self.rng
        # Parents' names: asked on most forms, known for children more often than for adults (guess).
        if parent is None or not style.parents or rng.random() >= (0.45 if adult else 0.8):
            return ""
        given = self.given(parent, 0.1)
        family = self.family(parent.family, parent.family_usual)
        if rng.random() < 0.03:
            given = self.typo(given)
        r = rng.random()
        if is_father:
            text = f"{given} {family}" if r < 0.55 else given if r < 0.9 else f"{family} {given}"
        else:
            text = f"{given} {family}" if r < 0.6 else given
        return self.cased(text, style, False)

    # -- birth -------------------------------------------------------------------------------------
    def stated_age(self, p, age):
        """An age as estimated on the day: children's close, adults' noisy and heaped on multiples of
        5 (linkage.md), more so with age (guesses: sd 1 + 5 % of the age; heaping 50 %, 70 % from 40)."""
        rng = self.rng
        if age < 5:
            est = age + (rng.choice((-1, 1)) if rng.random() < 0.2 else 0)
        elif age < 18:
            est = round(age + 0.5 * p.age_bias + rng.gauss(0, 1.0))
        else:
            est = age + p.age_bias + rng.gauss(0, 1.0 + 0.05 * age)
            if rng.random() < (0.5 if age < 40 else 0.7):
                est = 5 * round(est / 5)
            est = round(est)
        return max(0, est)

    def birth(self, p, day, ordinal, style):
        rng = self.rng
        b = datetime.date.fromordinal(p.birth)
        age = day.year - b.year - ((day.month, day.day) < (b.month, b.day))
        r = rng.random()
        # How a birth is written, by what the person knows (linkage.md: year-only dates, ages, 01-01
        # and 12-31 defaults). Shares are guesses.
        if p.knows == "full":
            if r < 0.75:
                d, m = b.day, b.month
                if d <= 12 and d != m and rng.random() < style.swap:
                    d, m = m, d
                y = b.year + (rng.choice((-1, 1)) if rng.random() < 0.01 else 0)
                text = f"{y:04d}-{m:02d}-{d:02d}"
                if text > day.isoformat():  # a form refuses a birth after the day: written as it is
                    text = b.isoformat()
                return text, str(age) if rng.random() < 0.25 else ""
            if r < 0.87:
                return "", str(age)
            if r < 0.95:
                return f"{b.year:04d}-01-01", ""
            return "", ""
        if p.knows == "year":
            if r < 0.55:
                return f"{b.year:04d}-01-01", ""
            if r < 0.70:
                return (f"{b.year:04d}-12-31" if b.year < day.year else f"{b.year:04d}-01-01"), ""
            if r < 0.90:
                return "", str(day.year - b.year)
            return "", ""
        est = self.stated_age(p, age)
        if r < 0.60:
            return "", str(est)
        if r < 0.90:
            return f"{day.year - est:04d}-01-01", ""
        if r < 0.95:
            return (f"{day.year - est:04d}-12-31" if est > 0 else f"{day.year:04d}-01-01"), ""
        return "", ""

    # -- contact, documents, places ----------------------------------------------------------------
    def phone(self, p, ev, adult):
        rng = self.rng
        if p is ev.head:
            number = ev.phone
        elif adult and p.phone and rng.random() < 0.45:
            number = p.phone
        else:
            number = ev.phone if rng.random() < (0.88 if adult else 0.93) else None
        if rng.random() < 0.02:
            number = rng.choice(self.recent)  # a neighbour's phone, borrowed for the day
        if not number:
            return ""
        if rng.random() < 0.015:
            i = rng.randrange(8)
            number = number[:i] + rng.choice("0123456789") + number[i + 1:]
        return ev.style.phone(number)

    def document(self, p, ev, adult):
        rng = self.rng
        doc = p.doc if p.doc and rng.random() < 0.55 else None  # the card is not always at hand
        head = ev.head  # None once the form is filled in (a guest added later)
        if doc is None and ev.style.copy_doc and adult and head is not None and head is not p and head.doc:
            doc = head.doc
        if doc is None:
            return ""
        if rng.random() < 0.02:
            i = rng.randrange(14)
            doc = doc[:i] + rng.choice("0123456789") + doc[i + 1:]
        r = rng.random()
        if r < 0.6:
            return doc
        if r < 0.85:
            return " ".join((doc[0:4], doc[4:8], doc[8:12], doc[12:]))
        return "NINA " + doc

    def place(self, origin, style):
        rng = self.rng
        if origin is None or rng.random() < 0.05:
            return ""
        level = style.place(rng)
        name = origin[level]
        r = rng.random()
        if r < 0.10:
            variants = D.PLACE_VARIANTS.get(name)
            name = rng.choice(variants) if variants else name.translate(ACCENTS).replace("ou", "u")
        elif level == 1 and r < 0.18:
            name = "Cercle de " + name
        elif level == 2 and r < 0.30:
            name = "Région de " + name
        return self.cased(name, style, False)

    def site(self, site):
        name = D.SITES[site][0]
        if self.rng.random() < 0.03:
            return "Site de " + name
        return name

#!/usr/bin/env python3
"""Second, independent generator of Malian registration data with known truth (issue 13, item 7).

    python3 bench/linkage_gen2.py --records 10000 --seed 7 --out DIR

writes DIR/people.csv (the input contract of `dugu dedupe`, plus registered_on) and DIR/truth.csv
(id, person_id). Python 3 standard library only; the same seed gives the same bytes.

Written from /work/shared/design/{linkage,domain,relief}.md and issue 13 alone, without reading
generator 1 (crates/dugu/src/bench/linkage.rs) or the engine (crates/linkage). What it models and
where each proportion comes from: bench/linkage_gen2.md. Every number below not attributed to a
source is a guess, and says so once in that file's table.
"""

import argparse
import csv
import datetime
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import linkage_gen2_data as D  # noqa: E402
from linkage_gen2_render import SEP, Pick, Renderer  # noqa: E402

COLUMNS = [
    "id", "given_name", "family_name", "sex", "birth_date", "age_years", "phone", "id_document",
    "father_name", "mother_name", "origin_commune", "current_site", "household_id", "registered_on",
]
# relief.md: the first official IDP site in Mopti/Socoura opened on 4 April 2019; registrations run to
# a fixed end so that the output never depends on the day it is generated.
WINDOW_START = datetime.date(2019, 4, 4).toordinal()
WINDOW_END = datetime.date(2026, 11, 30).toordinal()
YEAR = 365.2425


class GivenName:
    __slots__ = ("usual", "spellings", "nicks", "sex")

    def __init__(self, usual, others, nicks, sex):
        self.usual, self.spellings, self.nicks, self.sex = usual, [usual] + others, nicks, sex


class Person:
    """One real person; `pid` is None for parents who are never registered (only their names are)."""

    __slots__ = (
        "pid", "sex", "birth", "knows", "age_bias", "given", "given_usual", "second", "nick", "family",
        "family_usual", "father", "mother", "husband", "doc", "phone", "group", "origin",
    )

    def __init__(self, pid, sex, birth, group):
        self.pid, self.sex, self.birth, self.group = pid, sex, birth, group
        self.knows, self.age_bias, self.second, self.nick = "none", 0.0, None, None
        self.father = self.mother = self.husband = self.doc = self.phone = self.origin = None


class Household:
    __slots__ = ("members", "head", "phone", "origin", "site", "relay")

    def __init__(self):
        self.members, self.head, self.phone, self.origin, self.site, self.relay = [], None, None, None, 0, False


class Event:
    """One registration form: a household (or one person) registered at a site on a day."""

    __slots__ = (
        "date", "site", "members", "phone", "style", "hid", "order", "copy_of", "same_hid", "rows", "head", "household",
    )

    def __init__(self, date, site, members, phone, head, order, household):
        self.date, self.site, self.members, self.phone, self.head, self.order = date, site, members, phone, head, order
        self.household = household
        self.style = self.hid = self.copy_of = self.rows = None
        self.same_hid = False


def build_pools():
    pools = {}
    common = {"M": D.MALE_GIVEN, "F": D.FEMALE_GIVEN}
    for group in D.FAMILY_BY_GROUP:
        for sex in "MF":
            entries = {}
            for usual, weight, others, nicks in common[sex]:
                entries[usual] = [GivenName(usual, others, nicks, sex), weight]
            for usual, weight, others, nicks in D.GROUP_GIVEN_EXTRA.get(group, {}).get(sex, []):
                if usual in entries:
                    entries[usual][1] += weight
                else:
                    entries[usual] = [GivenName(usual, others, nicks, sex), weight]
            pools[(group, sex)] = Pick([(name, w) for name, w in entries.values()])
            pools[(group, sex, "by_name")] = {k: v[0] for k, v in entries.items()}
    return pools


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.pools = build_pools()
        self.family = {g: Pick(pairs) for g, pairs in D.FAMILY_BY_GROUP.items()}
        self.sites = Pick([(i, s[2]) for i, s in enumerate(D.SITES)])
        self.next_pid = 0
        self.rows = 0
        self.events = []
        self.phones = set()
        # Sites give a committee's relay number to people who have none (linkage.md): three per site
        # at a time, a new one every 300 households made (about 50 phoneless households each; guess),
        # so that a relay is shared by the same number of households at any size.
        self.relays = [[self.new_phone() for _ in range(3)] for _ in D.SITES]
        # Each household's forms are filled in as soon as it is made, so that only rows, not people,
        # stay in memory (a million rows on a field laptop).
        self.renderer = Renderer(self.rng, self.relays)
        self.household_serial = 0
        self.origin_regions = {r: Pick(list(w.items())) for r, w in D.ORIGIN_REGIONS_BY_SITE_REGION.items()}
        self.groups = {}
        for region, cercles in D.PLACES.items():
            for cercle, (communes, mix) in cercles.items():
                self.groups[(region, cercle)] = Pick(list(mix.items()))

    def relay(self, site):
        numbers = self.relays[site]
        while len(numbers) < 3 + self.household_serial // 300:
            numbers.append(self.new_phone())
        return self.rng.choice(numbers[-3:])

    # -- people ------------------------------------------------------------------------------------
    def new_phone(self):
        rng = self.rng
        while True:
            # Mali mobile numbers: 8 digits, leading 6, 7, 8 or 9 (Orange, Moov/Malitel, Telecel).
            number = rng.choice("6789") + "".join(rng.choice("0123456789") for _ in range(7))
            if number not in self.phones:
                self.phones.add(number)
                return number

    def person(self, sex, birth, group, family=None, registered=True, father=None, given=None):
        rng = self.rng
        pid = None
        if registered:
            pid = self.next_pid
            self.next_pid += 1
        p = Person(pid, sex, birth, group)
        p.given = given or self.pools[(group, sex)](rng)
        r = rng.random()
        # A person's own habitual spelling: the common form for most, another form for some.
        p.given_usual = p.given.usual if r < 0.65 or len(p.given.spellings) == 1 else rng.choice(p.given.spellings[1:])
        if rng.random() < 0.10:  # linkage.md: about one in ten given names is compound
            p.second = rng.choice(D.COMPOUND_SECOND[sex])
        if p.given.nicks and rng.random() < 0.30:
            p.nick = rng.choice(p.given.nicks)
        if family is None:
            if group == "tamasheq" and rng.random() < 0.85:
                prefix = "Ag " if sex == "M" else "Walet "
                base = father.given.usual if father is not None else self.pools[(group, "M")](rng).usual
                family = prefix + base
            else:
                family = self.family[group](rng)
        p.family = family
        variants = D.FAMILY_VARIANTS.get(family)
        p.family_usual = family if not variants or rng.random() < 0.75 else rng.choice(variants)
        p.father = father
        return p

    def parents_of(self, p, group):
        """Names of the parents of an adult whose parents are not registered."""
        rng = self.rng
        father = self.person("M", p.birth - int(YEAR * rng.uniform(20, 45)), group, registered=False)
        if p.group == "tamasheq" and p.family.startswith(("Ag ", "Walet ")):
            father.given = self.pools[("tamasheq", "M", "by_name")].get(p.family.split(" ", 1)[1]) or father.given
            father.given_usual = father.given.usual
        elif not p.family.startswith(("Ag ", "Walet ")):
            father.family = p.family
            father.family_usual = p.family_usual
        mother = self.person("F", p.birth - int(YEAR * rng.uniform(16, 38)), group, registered=False)
        p.father, p.mother = father, mother
        return father, mother

    def child(self, father, mother, birth, group, day, given=None):
        rng = self.rng
        sex = given.sex if given else ("M" if rng.random() < 0.51 else "F")
        if father.family.startswith(("Ag ", "Walet ")):
            family = ("Ag " if sex == "M" else "Walet ") + father.given.usual
        else:
            family = father.family
        c = self.person(sex, birth, group, family=family, father=father, given=given)
        if family == father.family and rng.random() < 0.8:
            c.family_usual = father.family_usual  # a family mostly spells its name one way
        c.mother = mother
        # How well the birth is known, by age at the household's first registration (linkage.md: many
        # children unregistered, year-only dates, 01-01/12-31 defaults). Shares are guesses: under 5
        # full date 50 %, school age 30 %, adults 12 %.
        c.knows = self.knowledge((day - birth) / YEAR)
        c.age_bias = rng.gauss(0, 0.5)
        return c

    def knowledge(self, age):
        r = self.rng.random()
        full, year = (0.50, 0.20) if age < 5 else (0.30, 0.30) if age < 18 else (0.12, 0.33)
        return "full" if r < full else "year" if r < full + year else "none"

    def adult(self, sex, birth, group, day):
        rng = self.rng
        p = self.person(sex, birth, group)
        self.parents_of(p, group)
        age = (day - birth) / YEAR
        p.knows = self.knowledge(age)
        # A person who does not know their age gives about the same estimate each time: a bias of
        # their own plus the enumerator's noise (rendering).
        p.age_bias = rng.gauss(0, 0.06 * age)
        return p

    # -- households --------------------------------------------------------------------------------
    def household(self, day):
        rng = self.rng
        hh = Household()
        hh.site = self.sites(rng)
        site_region = D.SITES[hh.site][1]
        region = self.origin_regions[site_region](rng)
        cercle = rng.choice(list(D.PLACES[region]))
        communes = D.PLACES[region][cercle][0]
        # The chef-lieu (listed first) counts three times a rural commune (guess).
        commune = communes[0] if rng.random() < 0.3 else rng.choice(communes)
        hh.origin = (commune, cercle, region)
        group = self.groups[(region, cercle)](rng)
        members = hh.members
        r = rng.random()
        # DTM Mali: single-female-headed households are a vulnerability flag; share among displaced
        # households 22 % and single men 6 % (guesses).
        kind = "couple" if r < 0.72 else "woman" if r < 0.94 else "single"
        head_age = 19 + rng.betavariate(2.2, 3.0) * 55
        head_sex = "F" if kind == "woman" else "M"
        head = self.adult(head_sex, day - int(head_age * YEAR) - rng.randrange(365), group, day)
        hh.head = head
        members.append(head)
        mothers = []
        if kind == "couple":
            # Polygamy (DHS Mali: about a third of married women are in polygynous unions): 1 wife
            # 76 %, 2: 18 %, 3: 5 %, 4: 1 %.
            r = rng.random()
            n_wives = 1 if r < 0.76 else 2 if r < 0.94 else 3 if r < 0.99 else 4
            wife_age = head_age - rng.uniform(3, 15)
            for _ in range(n_wives):
                wife_age = max(16.0, wife_age)
                wife_group = group if rng.random() < 0.85 else rng.choice(list(D.FAMILY_BY_GROUP))
                wife = self.adult("F", day - int(wife_age * YEAR) - rng.randrange(365), wife_group, day)
                wife.husband = head
                members.append(wife)
                mothers.append((head, wife, wife_age, WINDOW_END))
                wife_age -= rng.uniform(2, 12)
        elif kind == "woman":
            # Widowed, divorced or husband away: her children carry his name.
            husband = self.person("M", head.birth - int(YEAR * rng.uniform(3, 15)), group, registered=False)
            self.parents_of(husband, group)
            head.husband = husband
            mothers.append((husband, head, head_age, day))  # no births after the first registration
        for father, mother, mother_age, last_birth in mothers:
            self.children(hh, father, mother, mother_age, day, last_birth, group)
        self.dependants(hh, head, head_age, day, group)
        # Phones (linkage.md: heads give one number for everyone; relay numbers for those with none).
        # Shares of people with a phone are guesses.
        if rng.random() < (0.80 if head_sex == "M" else 0.60):
            head.phone = self.new_phone()
        for p in members[1:]:
            if (day - p.birth) > 18 * YEAR and rng.random() < 0.25:
                p.phone = self.new_phone()
        hh.relay = rng.random() < 0.5
        hh.phone = head.phone or (self.relay(hh.site) if hh.relay else None)
        # relief.md: the national identity number (NINA) is held by a minority of displaced people.
        for p in members:
            p.origin = hh.origin
            adult = (day - p.birth) > 18 * YEAR
            if rng.random() < (0.12 if adult else 0.015):
                p.doc = "".join(rng.choice("0123456789") for _ in range(14)) + rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
        return hh

    def children(self, hh, father, mother, mother_age, day, last_birth, group):
        rng = self.rng
        # Births from about 17, every 2.5–5.5 years (total fertility about 6), to 44 or the end of the
        # registrations; born after the first registration means registered only later.
        age = 16 + rng.uniform(0.5, 5)
        born = 0
        while age < min(44.0, mother_age + (last_birth - day) / YEAR) and born < 10:
            birth = day - int((mother_age - age) * YEAR) + rng.randrange(-150, 150)
            years_old = (day - birth) / YEAR
            # Not every child is in the household: about one in ten dies before five (Mali's under-five
            # mortality is of that order), and grown children leave (daughters marry out, sons migrate):
            # 65 % of those over 15 (guess).
            if rng.random() >= 0.1 and (years_old < 15 or rng.random() < 0.35):
                if rng.random() < 0.025:  # twinning in West Africa: among the highest, 2–3 % of births
                    self.twins(hh, father, mother, birth, group, day)
                    born += 2
                else:
                    given = self.namesake(hh, father, mother, group)
                    hh.members.append(self.child(father, mother, birth, group, day, given))
                    born += 1
            age += rng.uniform(2.5, 5.5)

    def twins(self, hh, father, mother, birth, group, day):
        rng = self.rng
        by_name = self.pools[(group, "M", "by_name")] | self.pools[(group, "F", "by_name")]
        if rng.random() < 0.6:  # linkage.md: twins get traditional pairs
            elder, younger, _ = rng.choice(D.TWIN_NAMES)
            names = [by_name[elder], by_name[younger]]
        else:
            names = [None, None]
        first = self.child(father, mother, birth, group, day, names[0])
        second = self.child(father, mother, birth, group, day, names[1])
        second.knows = first.knows  # one birth: declared (or not) for both
        hh.members += [first, second]

    def namesake(self, hh, father, mother, group):
        """linkage.md: children are often named after a grandparent (who may live in the household);
        sons sometimes carry the father's name. Shares are guesses: 8 % and 4 %."""
        rng = self.rng
        r = rng.random()
        if r < 0.04 and father.sex == "M":
            return father.given
        if r < 0.12:
            grandparent = rng.choice([father.father, father.mother, mother.father, mother.mother])
            if grandparent is not None:
                return grandparent.given
        return None

    def dependants(self, hh, head, head_age, day, group):
        rng = self.rng
        # Shares are guesses: the head's mother 18 % (if he is under 55), father 5 %, a younger brother
        # 10 %, nephews or nieces 15 %, a child of another family 4 %.
        if head_age < 55 and rng.random() < 0.18:
            self.register_parent(hh, head.mother, day)
        if head_age < 45 and rng.random() < 0.05:
            self.register_parent(hh, head.father, day)
        if rng.random() < 0.10 and head_age > 22:
            birth = head.birth + int(YEAR * rng.uniform(2, min(15, head_age - 16)))
            brother = self.child(head.father, head.mother, birth, group, day, self.pools[(group, "M")](rng))
            brother.age_bias = rng.gauss(0, 0.06 * (day - birth) / YEAR)
            hh.members.append(brother)
        if rng.random() < 0.15 and head.father is not None:
            family = "Ag " + head.family[6:] if head.family.startswith("Walet ") else head.family
            uncle = self.person("M", head.birth + int(YEAR * rng.uniform(-8, 8)), group, registered=False,
                                family=family)
            uncle.father, uncle.mother = head.father, head.mother
            aunt = self.person("F", uncle.birth + int(YEAR * rng.uniform(3, 12)), group, registered=False)
            for _ in range(1 + (rng.random() < 0.4)):
                hh.members.append(self.child(uncle, aunt, day - int(YEAR * rng.uniform(2, 17)), group, day))
        if rng.random() < 0.04:
            other = rng.choice(list(D.FAMILY_BY_GROUP))
            father = self.person("M", day - int(YEAR * rng.uniform(30, 60)), other, registered=False)
            mother = self.person("F", father.birth + int(YEAR * rng.uniform(3, 12)), other, registered=False)
            hh.members.append(self.child(father, mother, day - int(YEAR * rng.uniform(4, 16)), other, day))

    def register_parent(self, hh, parent, day):
        age = (day - parent.birth) / YEAR if parent is not None else 0
        if parent is None or parent.pid is not None or age > 95:
            return
        parent.pid = self.next_pid
        self.next_pid += 1
        parent.knows = self.knowledge(age)
        parent.age_bias = self.rng.gauss(0, 0.06 * age)
        self.parents_of(parent, parent.group)
        hh.members.append(parent)

    # -- registrations -----------------------------------------------------------------------------
    def event(self, day, site, members, phone, head):
        ev = Event(day, site, members, phone, head, self.rng.random(), self.household_serial)
        self.events.append(ev)
        self.rows += len(members)
        return ev

    def present(self, hh, day):
        return [p for p in hh.members if p.birth <= day and p.pid is not None]

    def later_day(self, day):
        rng = self.rng
        # Re-registration delays (guess): the same day at another site 12 %, within a month 30 %,
        # within a year 38 %, one to three years 20 %.
        r = rng.random()
        if r < 0.12:
            gap = 0
        elif r < 0.42:
            gap = rng.randint(1, 30)
        elif r < 0.80:
            gap = rng.randint(31, 365)
        else:
            gap = rng.randint(366, 1095)
        return min(day + gap, WINDOW_END), gap

    def other_site(self, site):
        rng = self.rng
        region = D.SITES[site][1]
        same_region = [i for i, s in enumerate(D.SITES) if s[1] == region and i != site]
        if same_region and rng.random() < 0.7:
            return rng.choice(same_region)
        while True:
            other = self.sites(rng)
            if other != site:
                return other

    def register_household(self):
        rng = self.rng
        self.household_serial += 1
        before = len(self.events)
        day = rng.randint(WINDOW_START, WINDOW_END)
        hh = self.household(day)
        first = self.event(day, hh.site, self.present(hh, day), hh.phone, hh.head)
        self.maybe_submitted_twice(first)
        # Whole households registered again (issue 13: more than half of the real duplicates are
        # households registered again at another site or another day): once 22 %, twice 5 % (guess).
        r = rng.random()
        again = 0 if r < 0.73 else 1 if r < 0.95 else 2
        site, phone = hh.site, hh.phone
        for _ in range(again):
            day, gap = self.later_day(day)
            site = self.other_site(site) if gap == 0 or rng.random() < 0.6 else site
            head = hh.head
            wives = [p for p in hh.members if p.husband is hh.head and p is not hh.head]
            if wives and rng.random() < 0.08:
                head = rng.choice(wives)  # the husband is away: a wife registers the household
            # issue 13: phones differ in nearly 40 % of true pairs: a new number 22 %, a borrowed or
            # relay one 10 % (split guessed; members' own phones and borrowing add the rest).
            r = rng.random()
            if head is not hh.head:
                phone = head.phone or phone
            elif r < 0.22:
                phone = hh.head.phone = self.new_phone()
            elif r < 0.32:
                phone = self.relay(site)
            members = [p for p in self.present(hh, day) if p is head or rng.random() < 0.9]
            if head not in members:
                members.insert(0, head)
            elif head is not hh.head:
                members.remove(head)
                members.insert(0, head)
            ev = self.event(day, site, members, phone, head)
            self.maybe_submitted_twice(ev)
        self.maybe_wife_apart(hh, first)
        for p in first.members:
            self.maybe_alone(p, hh, first)
        made = self.events[before:]
        for ev in made:  # in creation order: a form submitted twice copies its original's rows
            self.renderer.render(ev)
        for ev in made:
            ev.members = ev.head = None

    def maybe_wife_apart(self, hh, first):
        """In a polygamous household a co-wife and her children may also be registered as a household
        of their own (each wife keeps her own kitchen and may ask for her own ration card): 15 % of
        polygamous households (guess)."""
        rng = self.rng
        wives = [p for p in first.members if p.husband is hh.head and p is not hh.head]
        if len(wives) < 2 or rng.random() >= 0.15:
            return
        wife = rng.choice(wives)
        day, gap = self.later_day(first.date)
        members = [wife] + [p for p in self.present(hh, day) if p.mother is wife and rng.random() < 0.95]
        site = self.other_site(first.site) if gap == 0 or rng.random() < 0.5 else first.site
        phone = wife.phone or (hh.phone if rng.random() < 0.5 else self.relay(site))
        self.event(day, site, members, phone, wife)

    def maybe_submitted_twice(self, ev):
        # issue 13: "a form submitted twice" is the one case where a household's rows are duplicates
        # of each other: 1.5 % of forms (guess); one roster line entered twice: 0.5 % (guess).
        rng = self.rng
        if rng.random() < 0.015:
            twin = self.event(ev.date, ev.site, ev.members, ev.phone, ev.head)
            twin.copy_of, twin.same_hid = ev, rng.random() < 0.5
        elif rng.random() < 0.005 and len(ev.members) > 1:
            ev.members = list(ev.members)
            ev.members.insert(rng.randrange(len(ev.members)), rng.choice(ev.members[1:]))
            self.rows += 1

    def maybe_alone(self, p, hh, first):
        rng = self.rng
        adult = (first.date - p.birth) > 18 * YEAR
        # A single person registered again without the household (guess: adults 9 %, children 4 %),
        # alone on a form of their own or with a host family (40 % of those).
        if rng.random() >= (0.09 if adult else 0.04):
            return
        day, gap = self.later_day(first.date)
        if rng.random() < 0.4 and len(self.events) > 1:
            # Among recent forms (dates are random, so they are any forms): drawing from all of them
            # would pile guests on the first forms ever made.
            host = self.events[rng.randrange(max(0, len(self.events) - 400), len(self.events))]
            if host.household != self.household_serial and host.rows and host.date >= p.birth:
                host.rows.append((p.pid, SEP.join(self.renderer.record(p, host))))
                self.rows += 1
                return
        site = self.other_site(first.site) if gap == 0 or rng.random() < 0.5 else first.site
        r = rng.random()
        # Alone, one gives one's own phone, the household's, the site's relay or none (guess).
        if p.phone and r < 0.6:
            phone = p.phone
        elif r < 0.8:
            phone = hh.phone
        elif r < 0.9:
            phone = self.relay(site)
        else:
            phone = None
        self.event(day, site, [p], phone, p)

    def generate(self, records):
        while self.rows < records:
            self.register_household()
        rows = self.rows
        while rows > records:
            last = self.events[-1]
            if len(last.rows) <= rows - records:
                rows -= len(last.rows)
                self.events.pop()
            else:
                del last.rows[len(last.rows) - (rows - records):]
                rows = records
        return self.events


def assign_household_ids(events):
    serial = {}
    for ev in events:
        if ev.same_hid and ev.copy_of is not None and ev.copy_of.hid is not None:
            ev.hid = ev.copy_of.hid
            continue
        code = D.SITES[ev.site][3]
        year = datetime.date.fromordinal(ev.date).year
        n = serial.get((code, year), 0) + 1
        serial[(code, year)] = n
        ev.hid = f"{code}-{year % 100:02d}-{n:05d}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=10000, help="total rows of people.csv")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, help="directory for people.csv and truth.csv")
    args = ap.parse_args(argv)
    if args.records < 1:
        ap.error("--records must be at least 1")
    gen = Generator(args.seed)
    events = gen.generate(args.records)
    events.sort(key=lambda e: (e.date, e.order))
    assign_household_ids(events)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "people.csv"), "w", newline="", encoding="utf-8") as f_people, open(
        os.path.join(args.out, "truth.csv"), "w", newline="", encoding="utf-8"
    ) as f_truth:
        people = csv.writer(f_people, lineterminator="\n")
        truth = csv.writer(f_truth, lineterminator="\n")
        people.writerow(COLUMNS)
        truth.writerow(["id", "person_id"])
        n = 0
        for ev in events:
            day = datetime.date.fromordinal(ev.date).isoformat()
            for pid, cells in ev.rows:
                n += 1
                people.writerow([n, *cells.split(SEP), ev.hid, day])
                truth.writerow([n, f"P{pid}"])
    print(f"wrote {n} rows, {len({pid for ev in events for pid, _ in ev.rows})} people to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

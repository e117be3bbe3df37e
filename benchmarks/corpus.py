"""A generator of news-like documents about security cooperation, for the benchmarks.

Names come from seckg's own reference data and threat scheme, so the extractor has real work:
forums by name and acronym, states by name, demonym and capital, threats by their labels, new
initiatives with acronyms, lists of members, dates. Sentences vary in order and form, and a
document mixes them with filler paragraphs, from a few hundred words to a few thousand.
Deterministic for a given seed.
"""

from __future__ import annotations

import random
from pathlib import Path

from seckg.extract import load_knowledge

OPENINGS = [
    "{capital}, {date} — Leaders of the {forum} met on {date} to discuss {threat}.",
    "{date}. Ministers of the {forum} gathered in {capital} for talks on {threat}.",
    "The {forum} held its annual summit in {capital} on {date}.",
]
FACTS = [
    "{states} reaffirmed their commitment to cooperation on {threat}.",
    "The {forum} condemned {threat} by hostile actors and pledged to respond together.",
    "{state} and {state2} agreed to strengthen cooperation on {threat}.",
    "The leaders launched the {initiative} ({acronym}) to counter {threat}.",
    "Through the {acronym}, members will share information on {threat}.",
    "{state} announced funding for the {initiative} to address {threat}.",
    "The {forum}, whose members include {states}, will coordinate its response to {threat}.",
    "{demonym} officials called for a joint assessment of {threat} in the region.",
    "The statement urged all parties to refrain from {threat}.",
    "{state} will host the next meeting of the {forum} in {year}.",
]
FILLER = [
    "Officials said the talks were constructive and that further meetings would follow.",
    "Analysts noted that the agenda had grown over the past decade.",
    "The meeting took place amid heightened tension and a busy diplomatic calendar.",
    "Several delegations issued separate statements after the closing session.",
    "Observers expect the working groups to report back before the end of the year.",
    "The host government described the outcome as a milestone for regional stability.",
    "Journalists were briefed by spokespeople from several delegations.",
]
NOUNS = ["Maritime", "Cyber", "Resilience", "Coastal", "Critical", "Joint", "Digital", "Space"]
HEADS = ["Initiative", "Partnership", "Framework", "Programme", "Centre", "Task Force"]


def _initiative(rng: random.Random) -> tuple[str, str]:
    words = [*rng.sample(NOUNS, 2), rng.choice(["Security", "Awareness", "Defence"])]
    head = rng.choice(HEADS)
    name = " ".join([*words, head])
    return name, "".join(word[0] for word in name.split()).upper()


def generate(out: Path, count: int, seed: int = 7) -> list[Path]:
    """Write `count` documents to `out` (created); return their paths."""
    knowledge = load_knowledge()
    reference = knowledge.reference
    rng = random.Random(seed)
    forums = [f for f in reference.forums.values() if f.acronym]
    states = [s for s in reference.states.values() if s.capitals and s.demonyms]
    threats = [t.label.lower() for t in knowledge.threats.values()]
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        forum = rng.choice(forums)
        year = rng.randint(2008, 2026)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        name, acronym = _initiative(rng)
        paragraphs = [f"{forum.acronym} statement {number}"]
        for _ in range(rng.randint(2, 12)):
            picked = rng.sample(states, 4)
            values = {
                "forum": rng.choice([forum.label, forum.acronym]),
                "capital": picked[0].capitals[0],
                "date": date,
                "year": year + 1,
                "threat": rng.choice(threats),
                "state": picked[1].label,
                "state2": picked[2].label,
                "states": f"{picked[1].label}, {picked[2].label} and {picked[3].label}",
                "demonym": picked[3].demonyms[0],
                "initiative": name,
                "acronym": acronym,
            }
            sentences = [rng.choice(OPENINGS) if not paragraphs[1:] else rng.choice(FACTS)]
            sentences += [rng.choice(FACTS) for _ in range(rng.randint(1, 4))]
            sentences += rng.sample(FILLER, rng.randint(1, 4))
            paragraphs.append(" ".join(s.format(**values) for s in sentences))
        path = out / f"bench_{number:06d}.txt"
        path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(path)
    return paths

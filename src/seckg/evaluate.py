"""Score a built graph against gold annotations, exactly as CONTRACT section 5 says.

Per document and kind, predicted items are matched one-to-one to gold items; predictions that
match an `optional` gold item are set aside (neither hit nor false hit), and so are optional
gold items. Counts are summed over documents (micro-average) per kind and overall.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import DCTERMS

from seckg.errors import InputError
from seckg.namespaces import PROV, SEC, THREAT

KINDS = ("forums", "states", "threats", "initiatives", "memberships", "commitments")
_STOPWORDS = frozenset(
    ["a", "an", "and", "at", "by", "for", "in", "of", "on", "the", "to", "with", "against"]
)
JACCARD_THRESHOLD = 0.7


# --------------------------------------------------------------------------- scores


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class KindResult:
    score: Score
    missed: list[str] = field(default_factory=list)  # gold items not found
    false: list[str] = field(default_factory=list)  # predictions matching no gold item


@dataclass
class Evaluation:
    by_kind: dict[str, Score]
    overall: Score
    documents: dict[str, dict[str, KindResult]]
    missing_documents: list[str]

    def as_dict(self, per_document: bool = False) -> dict:
        data: dict = {
            "overall": self.overall.as_dict(),
            "kinds": {k: s.as_dict() for k, s in self.by_kind.items()},
            "documents_scored": len(self.documents),
            "documents_missing_from_graph": self.missing_documents,
        }
        if per_document:
            data["documents"] = {
                doc: {
                    k: {**r.score.as_dict(), "missed": r.missed, "false": r.false}
                    for k, r in kinds.items()
                }
                for doc, kinds in self.documents.items()
            }
        return data


# --------------------------------------------------------------------------- helpers


def content_words(name: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", name.lower()) if w not in _STOPWORDS)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def split_names(entry: str) -> list[str]:
    return [n.strip() for n in str(entry).split("|") if n.strip()]


def _match_one_to_one(predicted: list, gold: list, matches) -> tuple[list, set[int]]:
    """Greedy one-to-one matching; returns the matched prediction indexes and gold indexes."""
    used_gold: set[int] = set()
    matched_pred: list[int] = []
    for p_index, item in enumerate(predicted):
        for g_index, target in enumerate(gold):
            if g_index not in used_gold and matches(item, target):
                used_gold.add(g_index)
                matched_pred.append(p_index)
                break
    return matched_pred, used_gold


def _score_kind(predicted: list, gold: list, optional: list, matches, show) -> KindResult:
    matched_pred, used_gold = _match_one_to_one(predicted, gold, matches)
    score = Score(tp=len(used_gold))
    false = []
    for index, item in enumerate(predicted):
        if index in matched_pred:
            continue
        if any(matches(item, opt) for opt in optional):
            continue
        score.fp += 1
        false.append(show(item))
    missed = [_show_gold(g) for i, g in enumerate(gold) if i not in used_gold]
    score.fn = len(missed)
    return KindResult(score, missed, false)


def _show_gold(item) -> str:
    if isinstance(item, tuple):
        return " / ".join(_show_gold(x) for x in item)
    if isinstance(item, list | frozenset | set):
        return "|".join(sorted(map(str, item)))
    return str(item)


# --------------------------------------------------------------------------- graph side


class GraphView:
    """What the evaluation needs from the graph, read once."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.documents: dict[str, URIRef] = {
            str(ident): doc
            for doc in graph.subjects(RDF.type, SEC.Document)
            for ident in graph.objects(doc, DCTERMS.identifier)
        }
        self._names: dict[URIRef, frozenset[str]] = {}
        broader = {s: o for s, o in graph.subject_objects(SKOS.broader)}
        self._top: dict[URIRef, str] = {}
        for threat in graph.subjects(RDF.type, SEC.Threat):
            node = threat
            seen = set()
            while node in broader and node not in seen:
                seen.add(node)
                node = broader[node]
            self._top[threat] = str(node).removeprefix(str(THREAT))

    def names(self, node: URIRef) -> frozenset[str]:
        if node not in self._names:
            values = [
                *self.graph.objects(node, RDFS.label),
                *self.graph.objects(node, SEC.acronym),
                *self.graph.objects(node, SKOS.altLabel),
            ]
            self._names[node] = frozenset(str(v).lower() for v in values)
        return self._names[node]

    def label_and_acronym(self, node: URIRef) -> tuple[list[str], list[str]]:
        labels = [str(v) for v in self.graph.objects(node, RDFS.label)]
        acronyms = [str(v) for v in self.graph.objects(node, SEC.acronym)]
        return labels, acronyms

    def iso3(self, node: URIRef) -> str | None:
        value = self.graph.value(node, SEC.iso3)
        return str(value) if value is not None else None

    def top_threat(self, node: URIRef) -> str | None:
        return self._top.get(node)

    def is_a(self, node: URIRef, cls: URIRef) -> bool:
        return (node, RDF.type, cls) in self.graph

    def display(self, node: URIRef) -> str:
        return (
            self.iso3(node)
            or self.top_threat(node)
            or next(iter(sorted(str(v) for v in self.graph.objects(node, RDFS.label))), str(node))
        )

    def mentions(self, doc: URIRef, cls: URIRef) -> list[URIRef]:
        return sorted(n for n in self.graph.objects(doc, SEC.mentions) if self.is_a(n, cls))

    def facts_of(self, doc: URIRef, cls: URIRef) -> list[URIRef]:
        found = {s for s in self.graph.subjects(SEC.statedIn, doc) if self.is_a(s, cls)}
        found |= {s for s in self.graph.subjects(PROV.wasDerivedFrom, doc) if self.is_a(s, cls)}
        return sorted(found)


# --------------------------------------------------------------------------- matching rules


def _initiative_matches(view: GraphView, node: URIRef, gold_names: list[str]) -> bool:
    labels, acronyms = view.label_and_acronym(node)
    lowered = {n.lower() for n in gold_names}
    if any(v.lower() in lowered for v in (*labels, *acronyms)):
        return True
    longest = max(gold_names, key=len)
    return any(
        jaccard(content_words(longest), content_words(label)) >= JACCARD_THRESHOLD
        for label in labels
    )


def _actor_matches(view: GraphView, node: URIRef, gold_names: list[str]) -> bool:
    """A state by its ISO code, anything else by label, acronym or alternative label."""
    iso3 = view.iso3(node) if view.is_a(node, SEC.State) else None
    if iso3 is not None and iso3 in gold_names:
        return True
    return bool(view.names(node) & {n.lower() for n in gold_names})


class GoldNames:
    """The aliases a name in a membership or commitment stands for (CONTRACT section 5).

    A name entry may list aliases itself (`G7|Group of Seven`), and a name also matches through
    the aliases of the `forums` or `initiatives` entry of the same file that carries it: `G7`
    in a commitment stands for every name of the forum entry `G7|Group of Seven`.
    """

    def __init__(self, entries: list[list[str]]):
        self._entries = entries

    def expand(self, entry: str) -> list[str]:
        names = split_names(entry)
        lowered = {n.lower() for n in names}
        expanded = list(names)
        for aliases in self._entries:
            if lowered & {a.lower() for a in aliases}:
                expanded += [a for a in aliases if a not in expanded]
        return expanded


def _forum_matches(view: GraphView, node: URIRef, gold_names: list[str]) -> bool:
    return bool(view.names(node) & {n.lower() for n in gold_names})


# --------------------------------------------------------------------------- evaluation


def load_gold(directory: Path) -> dict[str, dict]:
    if not directory.is_dir():
        raise InputError(f"{directory}: gold folder not found")
    gold = {}
    for path in sorted(directory.glob("*.y*ml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            raise InputError(f"{path}: not valid YAML{where}") from exc
        if not isinstance(data, dict):
            raise InputError(f"{path}: expected a mapping with a 'document' key")
        gold[str(data.get("document") or path.stem)] = data
    if not gold:
        raise InputError(f"{directory}: no gold .yaml files")
    return gold


def evaluate(graph: Graph, gold: dict[str, dict]) -> Evaluation:
    view = GraphView(graph)
    by_kind = {kind: Score() for kind in KINDS}
    documents: dict[str, dict[str, KindResult]] = {}
    missing = []
    for identifier, spec in gold.items():
        doc = view.documents.get(identifier)
        if doc is None:
            missing.append(identifier)
        results = _evaluate_document(view, doc, spec)
        documents[identifier] = results
        for kind, result in results.items():
            by_kind[kind].add(result.score)
    overall = Score()
    for score in by_kind.values():
        overall.add(score)
    return Evaluation(by_kind, overall, documents, missing)


def _evaluate_document(view: GraphView, doc: URIRef | None, spec: dict) -> dict[str, KindResult]:
    optional = spec.get("optional") or {}
    results: dict[str, KindResult] = {}

    def mentions(cls):
        return view.mentions(doc, cls) if doc is not None else []

    # forums
    gold_forums = [split_names(f) for f in spec.get("forums") or []]
    results["forums"] = _score_kind(
        mentions(SEC.Forum),
        gold_forums,
        [split_names(f) for f in optional.get("forums") or []],
        lambda node, names: _forum_matches(view, node, names),
        view.display,
    )

    # states
    predicted_states = sorted({view.iso3(n) for n in mentions(SEC.State)} - {None})
    results["states"] = _score_kind(
        predicted_states,
        list(spec.get("states") or []),
        list(optional.get("states") or []),
        lambda a, b: a == b,
        str,
    )

    # threats
    predicted_threats = sorted({view.top_threat(n) for n in mentions(SEC.Threat)} - {None})
    results["threats"] = _score_kind(
        predicted_threats,
        list(spec.get("threats") or []),
        list(optional.get("threats") or []),
        lambda a, b: a == b,
        str,
    )

    # initiatives
    def initiative_names(entry) -> list[str]:
        return split_names(entry["name"] if isinstance(entry, dict) else entry)

    gold_initiatives = [initiative_names(i) for i in spec.get("initiatives") or []]
    optional_initiatives = [initiative_names(i) for i in optional.get("initiatives") or []]
    results["initiatives"] = _score_kind(
        mentions(SEC.Initiative),
        gold_initiatives,
        optional_initiatives,
        lambda node, names: _initiative_matches(view, node, names),
        view.display,
    )

    # memberships
    forum_entries = [split_names(f) for f in spec.get("forums") or []] + [
        split_names(f) for f in optional.get("forums") or []
    ]
    all_gold_initiatives = gold_initiatives + optional_initiatives
    aliases = GoldNames(forum_entries + all_gold_initiatives)

    def membership_key(entry: dict) -> tuple[list[str], list[str], str]:
        return (
            aliases.expand(str(entry["member"])),
            aliases.expand(str(entry["forum"])),
            _top_role(str(entry.get("role", "member"))),
        )

    predicted_memberships = []
    for m in view.facts_of(doc, SEC.Membership) if doc is not None else []:
        member = view.graph.value(m, URIRef("http://www.w3.org/ns/org#member"))
        forum = view.graph.value(m, URIRef("http://www.w3.org/ns/org#organization"))
        role = view.graph.value(m, SEC.role)
        if member is None or forum is None or role is None:
            continue
        predicted_memberships.append((member, forum, _top_role(str(role))))

    def membership_matches(pred, gold_key) -> bool:
        member, forum, role = pred
        g_member, g_forum, g_role = gold_key
        return (
            role == g_role
            and _actor_matches(view, member, g_member)
            and _actor_matches(view, forum, g_forum)
        )

    results["memberships"] = _score_kind(
        predicted_memberships,
        [membership_key(e) for e in spec.get("memberships") or []],
        [membership_key(e) for e in optional.get("memberships") or []],
        membership_matches,
        lambda p: f"{view.display(p[0])} / {view.display(p[1])} / {p[2]}",
    )

    # commitments
    threat_keys = _threat_keys(view)

    def concern_names(concern: str) -> list[str] | None:
        """Names of a gold initiative concern, or None when the concern is a threat key."""
        if concern in threat_keys:
            return None
        return aliases.expand(concern)

    predicted_pairs: dict[tuple[URIRef, str | URIRef], None] = {}
    for c in view.facts_of(doc, SEC.Commitment) if doc is not None else []:
        for actor in view.graph.objects(c, SEC.actor):
            for concern in view.graph.objects(c, SEC.concerns):
                top = view.top_threat(concern)
                predicted_pairs[(actor, top if top else concern)] = None

    def commitment_matches(pred, gold_entry) -> bool:
        actor, concern = pred
        g_actor, g_concern = str(gold_entry["actor"]), str(gold_entry["concerns"])
        if not _actor_matches(view, actor, aliases.expand(g_actor)):
            return False
        names = concern_names(g_concern)
        if names is None:
            return concern == g_concern
        return isinstance(concern, URIRef) and _initiative_matches(view, concern, names)

    results["commitments"] = _score_kind(
        list(predicted_pairs),
        list(spec.get("commitments") or []),
        list(optional.get("commitments") or []),
        commitment_matches,
        lambda p: (
            f"{view.display(p[0])} -> {view.display(p[1]) if isinstance(p[1], URIRef) else p[1]}"
        ),
    )
    return results


def _top_role(role_iri: str) -> str:
    local = role_iri.rsplit("/", 1)[-1]
    return "member" if local in ("permanent-member", "elected-member") else local


def _threat_keys(view: GraphView) -> set[str]:
    return set(view._top.values())

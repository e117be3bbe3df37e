"""The built graph: provenance, stable IRIs, idempotence, one node per initiative."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, XSD

from seckg.build import build_graph
from seckg.namespaces import PROV, SEC

FIXTURES = Path(__file__).parent / "fixtures" / "docs"


def test_building_twice_gives_the_same_graph():
    first = build_graph([FIXTURES]).graph
    second = build_graph([FIXTURES]).graph
    if not isomorphic(first, second):
        _, only_first, only_second = graph_diff(to_isomorphic(first), to_isomorphic(second))
        raise AssertionError(f"differs:\n{only_first.serialize()}\n{only_second.serialize()}")

    def named(graph):
        return {s for s in graph.subjects() if isinstance(s, URIRef)}

    assert named(first) == named(second)


def test_parallel_build_equals_serial_build():
    assert isomorphic(build_graph([FIXTURES], jobs=2).graph, build_graph([FIXTURES]).graph)


def test_every_extracted_fact_has_document_and_sentence(seed_graph: Graph):
    for cls in (SEC.Commitment,):
        for fact in seed_graph.subjects(RDF.type, cls):
            doc = seed_graph.value(fact, SEC.statedIn)
            sentence = str(seed_graph.value(fact, SEC.evidence))
            start = int(seed_graph.value(fact, SEC.evidenceStart))
            end = int(seed_graph.value(fact, SEC.evidenceEnd))
            assert (doc, RDF.type, SEC.Document) in seed_graph
            assert end - start == len(sentence)


def test_evidence_offsets_point_into_the_cleaned_text(seed_build):
    from seckg import resources
    from seckg.ingest import read_document

    path = resources.corpus_dir() / "003_fe6e21ee433242f3.txt"
    text = read_document(path).text
    graph = seed_build.graph
    for fact in graph.subjects(RDF.type, SEC.Commitment):
        if "003_fe6e" not in str(fact):
            continue
        start, end = (
            int(graph.value(fact, SEC.evidenceStart)),
            int(graph.value(fact, SEC.evidenceEnd)),
        )
        assert text[start:end] == str(graph.value(fact, SEC.evidence))


def test_initiatives_are_one_node_across_documents(tmp_path: Path):
    (tmp_path / "a.txt").write_text(
        "The Quad launched the Quad Ports Resilience Initiative to counter cyber attacks."
    )
    (tmp_path / "b.txt").write_text(
        "Quad ministers reviewed the Quad Ports Resilience Initiative and its cyber work."
    )
    graph = build_graph([tmp_path]).graph
    initiatives = [s for s in graph.subjects(RDF.type, SEC.Initiative)]
    assert len(initiatives) == 1
    assert len(set(graph.objects(initiatives[0], PROV.wasDerivedFrom))) == 2


def test_documents_carry_identifier_title_date_source():
    graph = build_graph([FIXTURES / "eu_statement.md"]).graph
    (doc,) = graph.subjects(RDF.type, SEC.Document)
    assert str(graph.value(doc, DCTERMS.identifier)) == "eu_statement"
    assert str(graph.value(doc, DCTERMS.date)) == "2026-02-02"
    assert str(graph.value(doc, DCTERMS.source)) == "https://example.org/news/eu-nato-hybrid"


def test_stated_memberships_have_the_document_as_provenance():
    graph = build_graph([FIXTURES / "eu_statement.md"]).graph
    stated = [
        m for m in graph.subjects(RDF.type, SEC.Membership) if (m, SEC.statedIn, None) in graph
    ]
    assert len(stated) == 6
    assert all(graph.value(m, SEC.evidence) for m in stated)


def test_seed_graph_conforms_to_the_shapes(seed_graph: Graph):
    from seckg.validate import validate_graph

    outcome = validate_graph(seed_graph)
    assert outcome.conforms, outcome.findings[:10]


def test_the_ntriples_text_a_worker_sends_is_the_same_graph():
    from seckg.extract import extract_document, load_knowledge
    from seckg.graph import document_graph, document_ntriples
    from seckg.ingest import discover, read_document

    knowledge = load_knowledge()
    for path in discover([FIXTURES]):
        extraction = extract_document(read_document(path), knowledge)
        text = document_ntriples(extraction, knowledge)
        assert isomorphic(
            Graph().parse(data=text, format="nt"), document_graph(extraction, knowledge)
        ), path.name
        assert len(text.splitlines()) == len(set(text.splitlines()))


def test_ntriples_escapes_literals_and_repairs_scraped_iris():
    import pyoxigraph as ox
    from rdflib import Literal

    from seckg.graph import ntriples

    tricky = [
        (URIRef("https://example.org/a b<c>"), DCTERMS.title, Literal('say "no"\\\n\r again')),
        (URIRef("https://example.org/d"), DCTERMS.date, Literal("2021-01-01", datatype=XSD.date)),
        (URIRef("https://example.org/d"), DCTERMS.title, Literal("Titre", lang="fr")),
    ]
    text = ntriples(tricky)
    parsed = Graph().parse(data=text, format="nt")
    assert Literal('say "no"\\\n\r again') in set(parsed.objects())
    assert URIRef("https://example.org/a%20b%3Cc%3E") in set(parsed.subjects())
    assert (URIRef("https://example.org/d"), DCTERMS.title, Literal("Titre", lang="fr")) in parsed
    store = ox.Store()
    store.load(text, format=ox.RdfFormat.N_TRIPLES)  # Oxigraph, strict, agrees
    assert len(store) == 3
    blank = BNode()
    linked = ntriples(
        [(blank, DCTERMS.title, Literal("x")), (URIRef("https://e.org/s"), DCTERMS.hasPart, blank)]
    )
    objects = set(Graph().parse(data=linked, format="nt").objects(None, DCTERMS.hasPart))
    assert len(objects) == 1 and isinstance(objects.pop(), BNode)


def test_named_instruments_carry_their_dates_and_legal_status(tmp_path: Path, knowledge):
    (tmp_path / "arms.txt").write_text(
        "Arms control statement\n\n"
        "The ministers regretted that New START expired and recalled the end of the INF Treaty. "
        "They reaffirmed the Treaty of Tlatelolco and the Convention on Cluster Munitions, and "
        "welcomed the UN Convention against Cybercrime.\n"
    )
    graph = build_graph([tmp_path / "arms.txt"]).graph
    by_label = {
        str(label): node
        for node in graph.subjects(SEC.legalStatus, None)
        for label in graph.objects(node, RDFS.label)
    }
    start = by_label["New START"]
    assert str(graph.value(start, SEC.legalStatus)) == "expired"
    assert graph.value(start, SEC.endedOn) == Literal("2026-02-05", datatype=XSD.date)
    assert graph.value(start, SEC.inForceFrom) == Literal("2011-02-05", datatype=XSD.date)
    inf = by_label["Intermediate-Range Nuclear Forces Treaty"]
    assert str(graph.value(inf, SEC.legalStatus)) == "terminated"
    assert "2019-08-02" in str(graph.value(inf, SEC.statusNote))
    assert (
        "Treaty for the Prohibition of Nuclear Weapons in Latin America and the Caribbean"
        in by_label
    )
    assert (
        str(graph.value(by_label["Convention on Cluster Munitions"], SEC.legalStatus)) == "in-force"
    )
    cybercrime = by_label["United Nations Convention against Cybercrime"]
    assert str(graph.value(cybercrime, SEC.legalStatus)) == "open-for-signature"
    assert graph.value(cybercrime, SEC.inForceFrom) is None
    # every curated treaty, convention, code or agreement says where it stands
    legal = ("Treaty", "Convention", "Code", "Agreement", "Charter", "Memorandum")
    instruments = [i for i in knowledge.instruments.values() if any(w in i.label for w in legal)]
    assert len(instruments) > 30 and all(i.status for i in instruments)
    assert all(i.signed for i in instruments if i.status != "not-in-force" or i.key == "ctbt")

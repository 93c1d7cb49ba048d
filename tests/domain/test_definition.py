from samkart.domain.codes import ArrangementType, DominantParty, LegalForm, Sector
from samkart.domain.definition import Reason, judge
from samkart.domain.entities import Arrangement


def arr(**kw) -> Arrangement:
    base = {"id": "a", "navn": "A", "tilknytningsform": LegalForm.AVTALE, "sektor": Sector.HELSE}
    base.update(kw)
    return Arrangement(**base)


def reasons(verdict) -> list[Reason]:
    return [e.reason for e in verdict.exclusions]


def test_formal_municipal_with_two_participants_counts():
    v = judge(arr(), 2, 2014)
    assert v.counted and v.reason_text() == ""


def test_each_non_formal_type_is_excluded():
    for t in (ArrangementType.FORENING, ArrangementType.NETTVERK, ArrangementType.PROSJEKT):
        v = judge(arr(type=t), 5, 2014)
        assert not v.counted and reasons(v) == [Reason.NOT_FORMAL]
        assert v.reason_text() == f"ikke formell: {t.code}"


def test_state_or_private_dominance_is_excluded():
    for d in (DominantParty.STAT, DominantParty.PRIVAT):
        v = judge(arr(dominerende_part=d), 5, 2014)
        assert reasons(v) == [Reason.NOT_MUNICIPAL]


def test_as_needs_municipal_share_above_50():
    assert reasons(judge(arr(tilknytningsform=LegalForm.AS, kommunal_eierandel=50), 3, 2014)) == [
        Reason.AS_MINORITY]
    assert judge(arr(tilknytningsform=LegalForm.AS, kommunal_eierandel=50.5), 3, 2014).counted
    assert reasons(judge(arr(tilknytningsform=LegalForm.AS), 3, 2014)) == [Reason.AS_MINORITY]
    # the share only matters for AS
    assert judge(arr(tilknytningsform=LegalForm.IKS, kommunal_eierandel=10), 3, 2014).counted


def test_fewer_than_two_active_participants():
    assert reasons(judge(arr(), 1, 2014)) == [Reason.TOO_FEW]
    assert reasons(judge(arr(), 0, 2014)) == [Reason.TOO_FEW]


def test_not_active_in_year_is_its_own_reason():
    assert reasons(judge(arr(etablert=2015), 0, 2014)) == [Reason.NOT_ACTIVE]
    v = judge(arr(avviklet=2014), 0, 2014)
    assert reasons(v) == [Reason.NOT_ACTIVE] and "avviklet 2014" in v.reason_text()


def test_all_reasons_reported_in_definition_order():
    v = judge(arr(type=ArrangementType.PROSJEKT, dominerende_part=DominantParty.STAT,
                  tilknytningsform=LegalForm.AS, kommunal_eierandel=20), 1, 2014)
    assert reasons(v) == [Reason.NOT_FORMAL, Reason.NOT_MUNICIPAL, Reason.AS_MINORITY,
                          Reason.TOO_FEW]
    assert v.reason_text().count("; ") == 3


def test_a_reason_names_the_code_as_a_word_of_the_readers_language():
    from samkart import i18n
    from samkart.domain.definition import Exclusion, Reason

    formal, party = Exclusion(Reason.NOT_FORMAL, ("forening",)), Exclusion(Reason.NOT_MUNICIPAL,
                                                                           ("privat",))
    # Bokmål keeps the contract's text: the codes are bokmål words.
    assert (formal.text(), party.text()) == ("ikke formell: forening",
                                             "ikke kommunalt dominert: privat")
    with i18n.using("nn"):
        assert formal.text() == "ikkje formell: foreining"
    with i18n.using("en"):
        assert formal.text() == "not formal: association"

from samkart.domain.years import in_force, overlaps


def test_half_open_periods():
    assert in_force(2010, 2014, 2010) and in_force(2010, 2014, 2013)
    assert not in_force(2010, 2014, 2014) and not in_force(2010, 2014, 2009)
    assert in_force(None, None, 1900) and in_force(None, 2014, 2013) and in_force(2014, None, 2099)


def test_overlaps():
    assert overlaps(2010, 2014, 2013, None)
    assert not overlaps(2010, 2014, 2014, 2016)
    assert overlaps(None, None, 2000, 2001)
    assert not overlaps(None, 2010, 2010, None)

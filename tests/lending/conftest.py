from datetime import datetime

import pytest

from quartier.core.clock import BERLIN
from tests.lending.factories import BikeFactory, RoomFactory, shop_front

# Monday, 30 November 2026, 9:00: the coming Saturday is 5 December.
MONDAY = datetime(2026, 11, 30, 9, tzinfo=BERLIN)


@pytest.fixture
def monday(time_machine):
    time_machine.move_to(MONDAY, tick=False)
    return MONDAY


@pytest.fixture
def offices(db):
    return shop_front()


@pytest.fixture
def bike(offices):
    return BikeFactory(office=offices[1], slug="lastenrad")


@pytest.fixture
def room(offices):
    return RoomFactory(office=offices[0], slug="gruppenraum")

# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Setting up a programme: the guide's checklist in three phases, the
progress per phase, editing, adding and removing tasks, and who may."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from buitenshuis.core.errors import RuleError
from buitenshuis.organisations.models import Role
from buitenshuis.organisations.tests.factories import MembershipFactory
from buitenshuis.programmes import rules
from buitenshuis.programmes.models import Phase, SetupTask
from buitenshuis.programmes.setup import DEFAULT_TASKS


@pytest.mark.django_db
def test_the_checklist_is_the_guides_tasks_in_its_three_phases(world):
    tasks = rules.checklist(world.programme)
    assert [task.key for task in tasks] == [key for key, *_rest in DEFAULT_TASKS]
    phases = {task.key: task.phase for task in tasks}
    assert phases["project_leader"] == Phase.EXPLORING
    assert phases["referral_route"] == Phase.PREPARING
    assert phases["buy_places"] == Phase.PREPARING
    assert "jaarlijkse" in next(t for t in tasks if t.key == "buy_places").explanation
    assert phases["kick_off"] == Phase.EXECUTING
    assert phases["monitoring"] == Phase.EXECUTING
    assert all(task.is_default and task.explanation for task in tasks)
    # Asked again: the same tasks, none twice; another programme has its own.
    assert len(rules.checklist(world.programme)) == len(DEFAULT_TASKS)
    assert SetupTask.objects.filter(programme=world.other_programme).count() == 0


@pytest.mark.django_db
def test_a_removed_guide_task_does_not_come_back(world):
    coordinator = world.users["coordinator"]
    task = rules.checklist(world.programme)[0]
    rules.remove_task(coordinator, task)
    assert task.key not in {t.key for t in rules.checklist(world.programme)}


@pytest.mark.django_db
def test_ticking_a_task_off_records_who_and_when_and_unticking_clears_it(world):
    officer = world.users["policy_officer"]
    task = rules.checklist(world.programme)[0]
    moment = timezone.now()
    rules.update_task(officer, task, owner=officer, due_date=None, done=True, notes="", now=moment)
    task.refresh_from_db()
    assert (task.done, task.done_at, task.done_by) == (True, moment, officer)
    # Saved again while done: the moment it was ticked off stays.
    rules.update_task(officer, task, owner=officer, due_date=None, done=True, notes="Akkoord.")
    task.refresh_from_db()
    assert task.done_at == moment and task.notes == "Akkoord."
    rules.update_task(officer, task, owner=None, due_date=None, done=False, notes="")
    task.refresh_from_db()
    assert (task.done, task.done_at, task.done_by) == (False, None, None)


@pytest.mark.django_db
def test_the_owner_is_someone_who_may_change_the_programme(world):
    coordinator = world.users["coordinator"]
    task = rules.checklist(world.programme)[0]
    for outsider in (world.users["linking_pin"], world.other_coordinator):
        with pytest.raises(RuleError) as refused:
            rules.update_task(
                coordinator, task, owner=outsider, due_date=None, done=False, notes=""
            )
        assert refused.value.field == "owner"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["linking_pin", "researcher", "administrator"])
def test_readers_may_not_change_the_checklist(world, role):
    task = rules.checklist(world.programme)[0]
    user = world.users[role]
    assert rules.change_refusal(user, world.programme)
    with pytest.raises(RuleError):
        rules.update_task(user, task, owner=None, due_date=None, done=True, notes="")
    with pytest.raises(RuleError):
        rules.remove_task(user, task)
    with pytest.raises(RuleError):
        rules.add_task(user, world.programme, phase=Phase.EXPLORING, title="Verzonnen")
    task.refresh_from_db()
    assert not task.done


@pytest.mark.django_db
def test_an_added_task_goes_to_the_end_of_its_phase(world):
    coordinator = world.users["coordinator"]
    rules.checklist(world.programme)
    added = rules.add_task(
        coordinator, world.programme, phase=Phase.EXPLORING, title="  Wethouder informeren "
    )
    assert added.title == "Wethouder informeren" and not added.is_default
    exploring = [t for t in rules.checklist(world.programme) if t.phase == Phase.EXPLORING]
    assert exploring[-1] == added
    with pytest.raises(RuleError) as refused:
        rules.add_task(coordinator, world.programme, phase=Phase.PREPARING, title="  ")
    assert refused.value.field == "title"


tasks_strategy = st.lists(
    st.builds(SimpleNamespace, phase=st.sampled_from(list(Phase)), done=st.booleans()),
    max_size=40,
)


@given(tasks_strategy)
def test_progress_counts_every_task_once_in_its_phase(tasks):
    rows = rules.progress(tasks)
    assert [row.phase for row in rows] == list(Phase)
    assert sum(row.total for row in rows) == len(tasks)
    assert sum(row.done for row in rows) == sum(1 for task in tasks if task.done)
    for row in rows:
        assert 0 <= row.done <= row.total
        assert 0 <= row.percent <= 100
        assert row.complete == (row.total > 0 and row.done == row.total)
        assert row.total == sum(1 for task in tasks if task.phase == row.phase)


# The pages ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator", "policy_officer", "linking_pin"])
def test_the_checklist_page_shows_the_progress_per_phase(world, client, sign_in, role):
    sign_in(world.users[role])
    response = client.get(reverse("programmes:setup"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<progress") == 3
    for phase in Phase:
        assert str(phase.label) in body
    assert "Benoem een projectleider of coördinator" in body
    # Only who may change gets the links to change.
    may_change = role != "linking_pin"
    assert (reverse("programmes:task_create") in body) == may_change


@pytest.mark.django_db
def test_the_policy_officer_ticks_a_task_off_on_its_page(world, client, sign_in):
    officer = world.users["policy_officer"]
    task = rules.checklist(world.programme)[0]
    sign_in(officer)
    response = client.post(
        reverse("programmes:task_edit", args=[task.pk]),
        {"owner": officer.pk, "due_date": "2026-12-31", "done": "on", "notes": "Gelezen."},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done and task.done_by == officer and task.done_at is not None
    assert task.due_date == datetime.date(2026, 12, 31)
    page = client.get(reverse("programmes:setup")).content.decode()
    assert "1 van 7 gedaan" in page


@pytest.mark.django_db
def test_the_linking_pin_may_not_post_a_change(world, client, sign_in):
    task = rules.checklist(world.programme)[0]
    sign_in(world.users["linking_pin"])
    url = reverse("programmes:task_edit", args=[task.pk])
    assert client.post(url, {"done": "on"}).status_code == 403
    assert client.post(reverse("programmes:task_delete", args=[task.pk])).status_code == 403
    task.refresh_from_db()
    assert not task.done


@pytest.mark.django_db
def test_another_programmes_coordinator_gets_a_404_for_a_task(world, client, sign_in):
    task = rules.checklist(world.programme)[0]
    sign_in(world.other_coordinator)
    for name in ("programmes:task_edit", "programmes:task_delete"):
        assert client.get(reverse(name, args=[task.pk])).status_code == 404
    assert client.post(reverse("programmes:task_delete", args=[task.pk])).status_code == 404
    assert (
        client.get(reverse("programmes:setup") + f"?programme={world.programme.pk}").status_code
        == 404
    )
    assert SetupTask.objects.filter(pk=task.pk).exists()


@pytest.mark.django_db
def test_the_coordinator_adds_a_task_and_removes_it_after_confirming(world, client, sign_in):
    sign_in(world.users["coordinator"])
    rules.checklist(world.programme)
    response = client.post(
        reverse("programmes:task_create") + f"?programme={world.programme.pk}",
        {"phase": Phase.EXECUTING, "title": "Persbericht versturen", "explanation": ""},
    )
    assert response.status_code == 302
    task = SetupTask.objects.get(title="Persbericht versturen")
    confirm = client.get(reverse("programmes:task_delete", args=[task.pk]))
    assert "Ja, verwijder de taak" in confirm.content.decode()
    assert SetupTask.objects.filter(pk=task.pk).exists()  # not on GET
    client.post(reverse("programmes:task_delete", args=[task.pk]))
    assert not SetupTask.objects.filter(pk=task.pk).exists()


@pytest.mark.django_db
def test_an_overdue_task_waits_in_its_owners_work_queue(world, client, sign_in):
    coordinator = world.users["coordinator"]
    tasks = rules.checklist(world.programme)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for task, owner, due, done in (
        (tasks[0], coordinator, yesterday, False),  # waits
        (tasks[1], coordinator, yesterday, True),  # done
        (tasks[2], coordinator, timezone.localdate(), False),  # due today: not yet late
        (tasks[3], world.users["policy_officer"], yesterday, False),  # someone else's
    ):
        SetupTask.objects.filter(pk=task.pk).update(owner=owner, due_date=due, done=done)
    sign_in(coordinator)
    start = client.get(reverse("portal:start"))
    items = {item.key: item for item in start.context["work_items"]}
    item = items["programmes.overdue_tasks"]
    assert item.count == 1
    listed = client.get(item.url)
    assert [t.pk for phase in listed.context["phases"] for t in phase["tasks"]] == [tasks[0].pk]


@pytest.mark.django_db
def test_a_new_member_can_own_a_task(world):
    """A second coordinator who joins may be given a task."""
    newcomer = MembershipFactory(role=Role.COORDINATOR, programme=world.programme).user
    task = rules.checklist(world.programme)[0]
    rules.update_task(
        world.users["coordinator"], task, owner=newcomer, due_date=None, done=False, notes=""
    )
    assert SetupTask.objects.get(pk=task.pk).owner == newcomer

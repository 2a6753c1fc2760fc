"""The official Volcengine Ark Python SDK (`volcenginesdkarkruntime`,
`client.content_generation.tasks`) against Reelay, changing only base URL and key."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from volcenginesdkarkruntime import Ark
from volcenginesdkarkruntime._exceptions import ArkBadRequestError, ArkConflictError, ArkNotFoundError

from conftest import assert_mp4
from tests_support import poll_until

MODEL = "doubao-seedance-1-5-pro-251215"
# Seedance 1.5 pro at 480p, text only: the adaptive ratio settles on 16:9, 864x496.
WIDTH, HEIGHT = 864, 496
TERMINAL = {"succeeded", "failed", "cancelled", "expired"}


@pytest.fixture(scope="module")
def client(base_url: str, api_key: str) -> Ark:
    return Ark(base_url=base_url + "/api/v3", api_key=api_key)


@pytest.fixture(scope="module")
def strict_client(base_url: str, api_key: str) -> Ark:
    """No retries: the SDK retries a 409 by default, and these tests want the one answer."""
    return Ark(base_url=base_url + "/api/v3", api_key=api_key, max_retries=0)


@pytest.fixture(scope="module")
def other_client(base_url: str, other_api_key: str) -> Ark:
    return Ark(base_url=base_url + "/api/v3", api_key=other_api_key)


def create(client: Ark, text: str, **fields) -> str:
    task = client.content_generation.tasks.create(model=MODEL, content=[{"type": "text", "text": text}], **fields)
    assert task.id
    return task.id


def wait(client: Ark, task_id: str, until=TERMINAL, timeout: float = 120):
    """Polls `tasks.get` until the task's status is one of `until`."""
    def done(task) -> bool:
        assert task.status in {"queued", "running"} | TERMINAL, task.status
        return task.status in until

    return poll_until(lambda: client.content_generation.tasks.get(task_id=task_id), done,
                      what=f"task {task_id} reaching {until}", timeout=timeout, interval=0.25)


def fetch(url: str, path: Path) -> Path:
    with urllib.request.urlopen(url, timeout=60) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("video/mp4")
        path.write_bytes(response.read())
    return path


@pytest.fixture(scope="module")
def succeeded(client: Ark):
    task_id = create(client, "A hot-air balloon over green hills --dur 4 --rs 480p")
    return wait(client, task_id)


def test_create_poll_and_download(succeeded, base_url: str, tmp_path: Path) -> None:
    task = succeeded
    assert task.status == "succeeded", task.error
    assert task.error is None
    assert task.model == MODEL
    assert (task.duration, task.resolution, task.ratio) == (4, "480p", "16:9")
    assert task.framespersecond == 24
    assert task.updated_at >= task.created_at
    assert task.usage.completion_tokens > 0
    assert task.content.video_url.startswith(base_url + "/")

    path = fetch(task.content.video_url, tmp_path / "video.mp4")
    assert_mp4(path, width=WIDTH, height=HEIGHT, seconds=4.0, audio=task.generate_audio)


def test_list_filters_and_pages(client: Ark, succeeded) -> None:
    tasks = client.content_generation.tasks
    page = tasks.list(page_size=10, status="succeeded", task_ids=[succeeded.id])
    assert page.total == 1
    assert [item.id for item in page.items] == [succeeded.id]
    assert page.items[0].status == "succeeded"
    assert page.items[0].content.video_url

    assert tasks.list(page_size=10, status="queued", task_ids=[succeeded.id]).total == 0
    assert tasks.list(page_size=10, model=MODEL, task_ids=[succeeded.id]).total == 1
    assert tasks.list(page_size=10, model="doubao-seedance-2.0", task_ids=[succeeded.id]).total == 0

    second = wait(client, create(client, "A kite on a windy beach --dur 4 --rs 480p"))
    assert second.status == "succeeded"
    both = [succeeded.id, second.id]
    first_page = tasks.list(page_num=1, page_size=1, task_ids=both)
    second_page = tasks.list(page_num=2, page_size=1, task_ids=both)
    assert first_page.total == second_page.total == 2
    assert len(first_page.items) == len(second_page.items) == 1
    assert {first_page.items[0].id, second_page.items[0].id} == set(both)
    assert tasks.list(page_num=3, page_size=1, task_ids=both).items == []


def test_delete_succeeded_task_removes_it(client: Ark, tmp_path: Path) -> None:
    task = wait(client, create(client, "A snowman melting in the sun --dur 4 --rs 480p"))
    assert task.status == "succeeded"
    video_url = task.content.video_url

    client.content_generation.tasks.delete(task_id=task.id)

    with pytest.raises(ArkNotFoundError) as caught:
        client.content_generation.tasks.get(task_id=task.id)
    assert caught.value.status_code == 404
    assert client.content_generation.tasks.list(page_size=10, task_ids=[task.id]).total == 0
    # Its video is gone too.
    with pytest.raises(urllib.error.HTTPError) as gone:
        fetch(video_url, tmp_path / "deleted.mp4")
    assert gone.value.code == 404


def test_delete_queued_task_cancels_it(client: Ark, strict_client: Ark, workers: int) -> None:
    """Ark's DELETE: a queued task is cancelled (and stays readable as `cancelled`); a running
    or cancelled one cannot be (409)."""
    tasks = client.content_generation.tasks
    # Keep every worker busy for a while (12 s at 480p takes several seconds to render).
    blockers = [create(client, f"Blocker {n} --dur 12 --rs 480p") for n in range(workers)]
    for blocker in blockers:
        assert wait(client, blocker, until={"running"} | TERMINAL).status == "running"

    target = create(client, "Waiting its turn --dur 4 --rs 480p")
    status = tasks.get(task_id=target).status
    assert status == "queued", "with every worker busy, a new task waits in the queue"
    try:
        strict_client.content_generation.tasks.delete(task_id=target)
    except ArkConflictError as error:
        # Only if a worker took it between the get and the delete: then it is running, and Ark
        # refuses to cancel a running task.
        assert error.param == "task_id"
        assert tasks.get(task_id=target).status in {"running", "succeeded"}
    else:
        cancelled = tasks.get(task_id=target)
        assert cancelled.status == "cancelled"
        assert cancelled.content is None
        assert tasks.list(page_size=10, status="cancelled", task_ids=[target]).total == 1
        # A cancelled task cannot be cancelled (or deleted) again.
        with pytest.raises(ArkConflictError):
            strict_client.content_generation.tasks.delete(task_id=target)
        assert tasks.get(task_id=target).status == "cancelled"

    # A running task cannot be cancelled either; it goes on and succeeds.
    running = blockers[0]
    if tasks.get(task_id=running).status == "running":
        with pytest.raises(ArkConflictError) as conflict:
            strict_client.content_generation.tasks.delete(task_id=running)
        assert conflict.value.status_code == 409
    for blocker in blockers:
        assert wait(client, blocker).status == "succeeded"
        tasks.delete(task_id=blocker)


@pytest.mark.parametrize(("text", "fields", "param", "value"), [
    ("A fox --dur 4 --rs 480p", {"duration": 99}, "duration", "99"),
    ("A fox --dur 99", {}, "content[0].text commands", "99"),
    ("A fox --dur 4", {"resolution": "9000p"}, "resolution", "9000p"),
    ("A fox --dur 4 --rs 480p", {"ratio": "5:7"}, "ratio", "5:7"),
])
def test_invalid_parameter_is_named(strict_client: Ark, text: str, fields: dict, param: str, value: str) -> None:
    with pytest.raises(ArkBadRequestError) as caught:
        create(strict_client, text, **fields)
    error = caught.value
    assert error.status_code == 400
    assert error.code == "InvalidParameter"
    assert error.param == param
    assert value in error.message


def test_unknown_model_is_not_found(strict_client: Ark) -> None:
    with pytest.raises(ArkNotFoundError) as caught:
        strict_client.content_generation.tasks.create(model="doubao-seedance-9-9", content=[{"type": "text", "text": "A fox"}])
    assert caught.value.code == "InvalidEndpointOrModel.NotFound"
    assert caught.value.param == "model"


def test_other_key_cannot_read_the_task(client: Ark, other_client: Ark, succeeded) -> None:
    with pytest.raises(ArkNotFoundError):
        other_client.content_generation.tasks.get(task_id=succeeded.id)
    with pytest.raises(ArkNotFoundError):
        other_client.content_generation.tasks.delete(task_id=succeeded.id)
    assert other_client.content_generation.tasks.list(page_size=10, task_ids=[succeeded.id]).total == 0
    # The owner still has it.
    assert client.content_generation.tasks.get(task_id=succeeded.id).status == "succeeded"

"""The official OpenAI Python SDK (`client.videos`) against Reelay, changing only base URL and key."""

from __future__ import annotations

import time
from pathlib import Path

import openai
import pytest
from openai import OpenAI

from conftest import assert_image, assert_mp4, first_frame_rgb, make_png

MODEL = "doubao-seedance-2.0"
SIZE = "864x496"  # Seedance 2.0's 480p 16:9 size
WIDTH, HEIGHT = 864, 496
SECONDS = "4"


@pytest.fixture(scope="module")
def client(base_url: str, api_key: str) -> OpenAI:
    return OpenAI(base_url=base_url + "/v1", api_key=api_key)


@pytest.fixture(scope="module")
def other_client(base_url: str, other_api_key: str) -> OpenAI:
    return OpenAI(base_url=base_url + "/v1", api_key=other_api_key)


@pytest.fixture(scope="module")
def created(client: OpenAI):
    """One video as `create` answered it, and as `poll` left it."""
    video = client.videos.create(model=MODEL, prompt="A paper boat drifting on a calm lake", seconds=SECONDS, size=SIZE)
    return video, client.videos.poll(video.id)


def assert_completed(video, *, prompt: str) -> None:
    assert video.status == "completed", video.error
    assert video.error is None
    assert video.object == "video"
    assert video.model == MODEL
    assert video.prompt == prompt
    assert video.seconds == SECONDS
    assert video.size == SIZE
    assert video.progress == 100
    assert video.completed_at is not None and video.completed_at >= video.created_at
    assert video.expires_at is not None and video.expires_at > time.time()


def download(client: OpenAI, video_id: str, path: Path, variant: str = "video") -> Path:
    content = client.videos.download_content(video_id, variant=variant)
    content.write_to_file(path)
    assert path.stat().st_size > 0
    return path


def test_create_poll_retrieve_and_download(client: OpenAI, created, tmp_path: Path) -> None:
    first, done = created
    assert first.id and first.object == "video"
    assert first.status in ("queued", "in_progress")
    assert (first.model, first.seconds, first.size) == (MODEL, SECONDS, SIZE)
    assert first.completed_at is None

    assert done.id == first.id
    assert_completed(done, prompt="A paper boat drifting on a calm lake")

    again = client.videos.retrieve(first.id)
    assert again.id == first.id
    assert_completed(again, prompt="A paper boat drifting on a calm lake")

    content = client.videos.download_content(first.id, variant="video")
    assert content.response.headers["content-type"].startswith("video/mp4")
    path = tmp_path / "video.mp4"
    content.write_to_file(path)
    # Seedance 2.0 makes sound by default, as Sora does.
    assert_mp4(path, width=WIDTH, height=HEIGHT, seconds=float(SECONDS), audio=True)


def test_download_thumbnail(client: OpenAI, created, tmp_path: Path) -> None:
    _, done = created
    content = client.videos.download_content(done.id, variant="thumbnail")
    assert content.response.headers["content-type"].startswith("image/jpeg")
    path = tmp_path / "thumbnail.jpg"
    content.write_to_file(path)
    assert_image(path, codec="mjpeg", width=WIDTH, height=HEIGHT)


def test_download_a_range(client: OpenAI, created) -> None:
    """A player or download manager asks for parts of the file with a Range header."""
    _, done = created
    whole = client.videos.download_content(done.id, variant="video")
    assert whole.response.headers["accept-ranges"] == "bytes"
    data = whole.content
    size = len(data)

    for header, start, end in [("bytes=0-99", 0, 99), ("bytes=100-", 100, size - 1), ("bytes=-64", size - 64, size - 1)]:
        part = client.videos.download_content(done.id, variant="video", extra_headers={"Range": header})
        assert part.response.status_code == 206, header
        assert part.response.headers["content-range"] == f"bytes {start}-{end}/{size}", header
        assert part.content == data[start:end + 1], header

    thumbnail = client.videos.download_content(done.id, variant="thumbnail", extra_headers={"Range": "bytes=0-1"})
    assert thumbnail.response.status_code == 206
    assert thumbnail.content == b"\xff\xd8"  # a JPEG's first bytes

    with pytest.raises(openai.APIStatusError) as caught:
        client.videos.download_content(done.id, variant="video", extra_headers={"Range": f"bytes={size}-"})
    assert caught.value.status_code == 416
    assert caught.value.response.headers["content-range"] == f"bytes */{size}"


def test_list_pages_with_after(client: OpenAI, created) -> None:
    _, done = created
    extra = [client.videos.create(model=MODEL, prompt=f"Lighthouse beam, take {n}", seconds=SECONDS, size=SIZE).id
             for n in range(2)]
    mine = {done.id, *extra}

    # Page by hand, one video a page, as a UI would.
    seen: list = []
    page = client.videos.list(limit=1)
    pages = 0
    while True:
        pages += 1
        assert len(page.data) <= 1
        seen.extend(page.data)
        if not page.has_more:
            break
        assert page.last_id == page.data[-1].id
        page = client.videos.list(limit=1, after=page.last_id)
        assert pages < 1000, "paging does not end"
    ids = [video.id for video in seen]
    assert len(ids) == len(set(ids)), f"a video appears on two pages: {ids}"
    assert mine <= set(ids)
    assert pages >= 3
    # Newest first by default.
    created_at = [video.created_at for video in seen]
    assert created_at == sorted(created_at, reverse=True)

    # The SDK's auto-pagination follows `after` the same way.
    assert [video.id for video in client.videos.list(limit=1)] == ids
    # order=asc reverses it.
    assert [video.id for video in client.videos.list(limit=2, order="asc")] == list(reversed(ids))

    for video_id in extra:
        assert client.videos.poll(video_id).status == "completed"


def test_remix_creates_a_new_video(client: OpenAI, created, tmp_path: Path) -> None:
    _, original = created
    remix = client.videos.remix(original.id, prompt="The same boat, at night")
    assert remix.id != original.id
    assert remix.remixed_from_video_id == original.id
    assert remix.status in ("queued", "in_progress")
    assert remix.prompt == "The same boat, at night"
    assert (remix.model, remix.seconds, remix.size) == (original.model, original.seconds, original.size)

    done = client.videos.poll(remix.id)
    assert_completed(done, prompt="The same boat, at night")
    assert done.remixed_from_video_id == original.id
    assert_mp4(download(client, remix.id, tmp_path / "remix.mp4"), width=WIDTH, height=HEIGHT, seconds=float(SECONDS))
    # The original is untouched.
    assert client.videos.retrieve(original.id).prompt == original.prompt
    assert client.videos.retrieve(original.id).remixed_from_video_id is None


def test_delete_then_retrieve_is_not_found(client: OpenAI) -> None:
    video = client.videos.create_and_poll(model=MODEL, prompt="A candle burning down", seconds=SECONDS, size=SIZE)
    assert video.status == "completed"

    deleted = client.videos.delete(video.id)
    assert deleted.id == video.id
    assert deleted.deleted is True
    assert deleted.object == "video.deleted"

    with pytest.raises(openai.NotFoundError):
        client.videos.retrieve(video.id)
    with pytest.raises(openai.NotFoundError):
        client.videos.download_content(video.id, variant="video")
    with pytest.raises(openai.NotFoundError):
        client.videos.delete(video.id)
    assert video.id not in {v.id for v in client.videos.list(limit=100)}


def test_other_key_cannot_see_the_video(client: OpenAI, other_client: OpenAI, created) -> None:
    _, video = created
    with pytest.raises(openai.NotFoundError):
        other_client.videos.retrieve(video.id)
    with pytest.raises(openai.NotFoundError):
        other_client.videos.download_content(video.id, variant="video")
    with pytest.raises(openai.NotFoundError):
        other_client.videos.remix(video.id, prompt="Not mine")
    with pytest.raises(openai.NotFoundError):
        other_client.videos.delete(video.id)
    assert video.id not in {v.id for v in other_client.videos.list(limit=100)}
    # The owner still has it, unharmed.
    assert client.videos.retrieve(video.id).status == "completed"


def test_create_with_uploaded_input_reference(client: OpenAI, tmp_path: Path) -> None:
    png = make_png(tmp_path / "red.png", width=WIDTH, height=HEIGHT, colour="red")
    with png.open("rb") as image:
        video = client.videos.create(model=MODEL, prompt="The red wall slowly comes alive", seconds=SECONDS, size=SIZE,
                                     input_reference=image)
    assert video.status in ("queued", "in_progress")
    done = client.videos.poll(video.id)
    assert_completed(done, prompt="The red wall slowly comes alive")

    path = download(client, video.id, tmp_path / "from-image.mp4")
    assert_mp4(path, width=WIDTH, height=HEIGHT, seconds=float(SECONDS))
    # The upload is the first frame: the video starts on the red picture.
    red, green, blue = first_frame_rgb(path)
    assert red > 200 and green < 60 and blue < 60, (red, green, blue)


@pytest.mark.parametrize(("arguments", "param", "value"), [
    ({"seconds": "99"}, "seconds", "99"),
    ({"size": "12x"}, "size", "12x"),
])
def test_bad_input_is_a_bad_request_naming_the_parameter(client: OpenAI, arguments, param: str, value: str) -> None:
    fields = {"model": MODEL, "prompt": "Anything", "seconds": SECONDS, "size": SIZE, **arguments}
    with pytest.raises(openai.BadRequestError) as caught:
        client.videos.create(**fields)
    error = caught.value
    assert error.status_code == 400
    assert error.param == param
    assert error.code == "invalid_value"
    assert param in error.message and value in error.message, error.message


def test_unsupported_size_lists_the_sizes_the_model_offers(client: OpenAI) -> None:
    """OpenAI refuses a size the model does not offer; so does Reelay, instead of rendering another."""
    with pytest.raises(openai.BadRequestError) as caught:
        client.videos.create(model=MODEL, prompt="Anything", seconds=SECONDS, size="123x45")
    error = caught.value
    assert error.param == "size"
    assert error.code == "invalid_value"
    for size in ("123x45", SIZE, "720x1280", "1280x720", "1920x1080", "1792x1024"):
        assert size in error.message, error.message


@pytest.mark.parametrize(("model", "size", "rendered"), [
    ("sora-2", "720x1280", "720x1280"),
    ("sora-2", "1280x720", "1280x720"),
    ("sora-2-pro", "1024x1792", "1080x1920"),
    ("sora-2-pro", "1792x1024", "1920x1080"),
])
def test_openai_sizes_render_at_seedance_sizes(client: OpenAI, model: str, size: str, rendered: str) -> None:
    """Sora's own sizes keep working: the video's size is the Seedance size that renders them."""
    video = client.videos.create(model=model, prompt="A kite over the dunes", seconds=SECONDS, size=size)
    try:
        assert (video.model, video.size) == (MODEL, rendered)
    finally:
        client.videos.delete(video.id)

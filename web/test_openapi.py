"""The OpenAPI document against real answers in every state schemathesis cannot reach with
random input: tasks created in every dialect, rendered to success (with a last frame) or
failed, then read in every dialect; lists, deletions, assets, admin and the error bodies. Each
body must match the schema the document gives for its operation and status.
"""

from __future__ import annotations

import json
import uuid

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from conftest import png, request, wait_for_ark_status

ARK = "/api/v3/contents/generations/tasks"


@pytest.fixture(scope="module")
def document(base_url):
    answer = request(base_url, "GET", "/openapi.json")
    assert answer.status == 200 and answer.content_type == "application/json"
    return answer.json()


class Checker:
    """Validates an answer against what the document says `operation_id` answers with that status."""

    def __init__(self, document):
        self.document = document
        self.operations = {}
        for path, item in document["paths"].items():
            for method, operation in item.items():
                if isinstance(operation, dict) and "operationId" in operation:
                    self.operations[operation["operationId"]] = (method, path, operation)
        self.seen = set()

    def __call__(self, operation_id, answer, status=None):
        method, path, operation = self.operations[operation_id]
        if status is not None:
            assert answer.status == status, f"{operation_id}: HTTP {answer.status}, expected {status}: {answer.body[:400]!r}"
        responses = operation["responses"]
        response = responses.get(str(answer.status)) or responses.get("default")
        assert response, f"{operation_id} does not document HTTP {answer.status}"
        content = response.get("content", {})
        assert answer.content_type in content, f"{operation_id} {answer.status}: {answer.content_type} is not documented ({list(content)})"
        schema = content[answer.content_type].get("schema")
        if answer.content_type == "application/json" and schema:
            root = {"$ref": schema["$ref"]} if "$ref" in schema else schema
            validator = Draft202012Validator({**root, "components": self.document["components"]})
            errors = sorted(validator.iter_errors(answer.json()), key=lambda error: list(error.path))
            assert not errors, f"{operation_id} {answer.status} breaks its schema: " + "; ".join(
                f"{'/'.join(map(str, error.path))}: {error.message}" for error in errors[:5]) + f"\n{answer.body[:600]!r}"
        self.seen.add(operation_id)
        return answer.json() if answer.content_type == "application/json" else answer.body


@pytest.fixture(scope="module")
def check(document):
    return Checker(document)


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_tasks_in_every_dialect_and_state_match_the_document(base_url, api_key, check):
    prompt = "A lighthouse at dawn"
    created = {}
    created["anyfast"] = check("anyfastCreateTask", request(base_url, "POST", "/v1/video/generations", api_key, {
        "model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "text", "text": prompt + " --dur 4 --rs 480p"}],
        "return_last_frame": True, "generate_audio": False}), 200)["id"]
    v0 = check("anyfastV0CreateTask", request(base_url, "POST", "/anyfast-v0/v1/video/generations", api_key, {
        "model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "text", "text": prompt}], "duration": 4,
        "resolution": "480p"}), 200)
    assert v0["status"] == "submitted" and v0["created_at"].endswith("Z")
    created["anyfast-v0"] = v0["id"]
    created["toapis"] = check("toapisCreateTask", request(base_url, "POST", "/v1/videos/generations", api_key, {
        "model": "doubao-seedance-1-5-pro-251215", "prompt": prompt, "duration": 4, "aspect_ratio": "1:1",
        "metadata": {"resolution": "480p", "return_last_frame": True}}), 200)["id"]
    created["apimart"] = check("apimartCreateTask", request(base_url, "POST", "/apimart/v1/videos/generations", api_key, {
        "model": "doubao-seedance-2.0-fast", "prompt": prompt, "duration": 4, "size": "9:16", "resolution": "480p",
        "return_last_frame": True}), 200)["data"][0]["task_id"]
    created["unified"] = check("unifiedCreateTask", request(base_url, "POST", "/v2/videos/generations", api_key, {
        "model": "doubao-seedance-1-0-pro-250528", "prompt": prompt, "frames": 97, "resolution": "480p", "ratio": "4:3",
        "return_last_frame": True}), 200)["task_id"]
    created["ark"] = check("arkCreateTask", request(base_url, "POST", ARK, api_key, {
        "model": "doubao-seedance-2.0", "content": [{"type": "text", "text": prompt}], "duration": 4,
        "resolution": "480p", "ratio": "16:9", "return_last_frame": True, "tools": [{"type": "web_search"}],
        "generate_audio": True}, headers={"Idempotency-Key": str(uuid.uuid4())}), 200)["id"]
    created["openai"] = check("openaiCreateVideo", request(base_url, "POST", "/v1/videos", api_key, {
        "model": "sora-2", "prompt": prompt, "seconds": "4", "size": "864x496"}), 200)["id"]

    # A failing task: its first frame cannot be fetched (the server allows private addresses here).
    failing = check("arkCreateTask", request(base_url, "POST", ARK, api_key, {
        "model": "doubao-seedance-1-5-pro-251215", "duration": 4, "resolution": "480p",
        "content": [{"type": "text", "text": "unreachable"},
                    {"type": "image_url", "image_url": {"url": "http://127.0.0.1:9/missing.png"}, "role": "first_frame"}]}), 200)["id"]

    # While they wait or run, every dialect reads them.
    read_all(base_url, api_key, check, list(created.values()))
    for task_id in created.values():
        wait_for_ark_status(base_url, api_key, task_id, {"succeeded"})
    wait_for_ark_status(base_url, api_key, failing, {"failed"})
    read_all(base_url, api_key, check, list(created.values()) + [failing])

    # Succeeded answers carry links, last frames and usage.
    ark = check("arkGetTask", request(base_url, "GET", f"{ARK}/{created['ark']}", api_key), 200)
    assert ark["content"]["video_url"] and ark["content"]["last_frame_url"] and ark["usage"]["total_tokens"] > 0
    anyfast = check("anyfastGetTask", request(base_url, "GET", f"/v1/video/generations/{created['anyfast']}", api_key), 200)
    assert anyfast["data"]["status"] == "SUCCESS" and anyfast["data"]["progress"] == "100%" and anyfast["data"]["result_url"]
    apimart = check("apimartGetTask", request(base_url, "GET", f"/v1/tasks/{created['apimart']}", api_key), 200)
    assert apimart["data"]["result"]["images"][0]["url"][0]
    failed = check("toapisGetTask", request(base_url, "GET", f"/v1/videos/generations/{failing}", api_key), 200)
    assert failed["status"] == "failed" and failed["error"]["message"]

    # The signed file link.
    video = request(base_url, "GET", ark["content"]["video_url"].removeprefix(base_url))
    check("getFile", video, 200)
    assert video.content_type == "video/mp4" and len(video.body) > 1000
    check("getFile", request(base_url, "GET", f"/files/{created['ark']}/video.mp4?expires=1&signature=00"), 403)

    # OpenAI: list, content variants, remix, delete.
    page = check("openaiListVideos", request(base_url, "GET", "/v1/videos?limit=3&order=desc", api_key), 200)
    assert len(page["data"]) == 3 and page["has_more"]
    for variant, kind in (("video", "video/mp4"), ("thumbnail", "image/jpeg")):
        content = request(base_url, "GET", f"/v1/videos/{created['openai']}/content?variant={variant}", api_key)
        check("openaiVideoContent", content, 200)
        assert content.content_type == kind
    remix = check("openaiRemixVideo", request(base_url, "POST", f"/v1/videos/{created['openai']}/remix", api_key,
                                              {"prompt": "The same lighthouse at night"}), 200)
    check("openaiDeleteVideo", request(base_url, "DELETE", f"/v1/videos/{remix['id']}", api_key), 200)

    # Ark: the filtered list, then delete a finished task.
    listed = check("arkListTasks", request(base_url, "GET", f"{ARK}?page_size=50&filter.status=succeeded", api_key), 200)
    assert {task["id"] for task in listed["items"]} >= set(created.values())
    check("arkDeleteTask", request(base_url, "DELETE", f"{ARK}/{failing}", api_key), 200)
    check("arkGetTask", request(base_url, "GET", f"{ARK}/{failing}", api_key), 404)


def read_all(base_url, key, check, ids):
    for task_id in ids:
        check("anyfastGetTask", request(base_url, "GET", f"/v1/video/generations/{task_id}", key), 200)
        check("toapisGetTask", request(base_url, "GET", f"/v1/videos/generations/{task_id}", key), 200)
        check("apimartGetTask", request(base_url, "GET", f"/v1/tasks/{task_id}", key), 200)
        check("unifiedGetTask", request(base_url, "GET", f"/v2/videos/generations/{task_id}", key), 200)
        check("arkGetTask", request(base_url, "GET", f"{ARK}/{task_id}", key), 200)
        check("openaiGetVideo", request(base_url, "GET", f"/v1/videos/{task_id}", key), 200)
        # The prefixed base of each dialect answers alike.
        check("arkGetTask", request(base_url, "GET", f"/ark{ARK}/{task_id}", key), 200)
        check("apimartGetTask", request(base_url, "GET", f"/apimart/v1/tasks/{task_id}", key), 200)
        check("anyfastV0GetTask", request(base_url, "GET", f"/anyfast-v0/v1/video/generations/{task_id}", key), 200)


def test_errors_match_the_document(base_url, api_key, other_api_key, check):
    missing = "cgt-20260101000000-missing000"
    reads = {"anyfastGetTask": "/v1/video/generations/", "toapisGetTask": "/v1/videos/generations/",
             "apimartGetTask": "/v1/tasks/", "unifiedGetTask": "/v2/videos/generations/", "arkGetTask": ARK + "/",
             "openaiGetVideo": "/v1/videos/"}
    for operation, path in reads.items():
        check(operation, request(base_url, "GET", path + missing, api_key), 404)
        check(operation, request(base_url, "GET", path + missing, "wrong-key"), 401)
        check(operation, request(base_url, "GET", path + missing), 401)
    bad = {"model": "doubao-seedance-2.0", "content": [{"type": "text", "text": "x"}], "resolution": "4k"}
    for operation, path, body, param in (
            ("anyfastCreateTask", "/v1/video/generations", bad, "resolution"),
            ("anyfastV0CreateTask", "/anyfast-v0/v1/video/generations", bad, "resolution"),
            ("arkCreateTask", ARK, bad, "resolution"),
            ("unifiedCreateTask", "/v2/videos/generations", {"model": "doubao-seedance-2.0", "prompt": "x", "duration": 99}, "duration"),
            ("toapisCreateTask", "/v1/videos/generations", {"model": "doubao-seedance-2.0", "prompt": "x", "aspect_ratio": "2:1"}, "aspect_ratio"),
            ("apimartCreateTask", "/apimart/v1/videos/generations", {"model": "doubao-seedance-2.0", "prompt": "x", "video_urls": [1]}, "video_urls[0]"),
            ("openaiCreateVideo", "/v1/videos", {"prompt": "x", "size": "big"}, "size")):
        answer = check(operation, request(base_url, "POST", path, api_key, body), 400)
        # Every dialect names the parameter: in a field of its own, or leading new-api's message.
        assert param in json.dumps(answer), (operation, answer)
    check("arkCreateTask", request(base_url, "POST", ARK, api_key, {"model": "no-such-model", "content": []}), 404)
    check("arkCreateTask", request(base_url, "POST", ARK, api_key, raw=b"not json", headers={"Content-Type": "application/json"}), 400)
    check("arkListTasks", request(base_url, "GET", f"{ARK}?page_size=501", api_key), 400)
    check("openaiListVideos", request(base_url, "GET", "/v1/videos?limit=0", api_key), 400)
    key = str(uuid.uuid4())
    body = {"model": "doubao-seedance-2.0", "content": [{"type": "text", "text": "idempotent --dur 4 --rs 480p"}]}
    first = check("arkCreateTask", request(base_url, "POST", ARK, other_api_key, body, headers={"Idempotency-Key": key}), 200)
    again = check("arkCreateTask", request(base_url, "POST", ARK, other_api_key, body, headers={"Idempotency-Key": key}), 200)
    assert first == again
    body["content"][0]["text"] = "another request"
    check("arkCreateTask", request(base_url, "POST", ARK, other_api_key, body, headers={"Idempotency-Key": key}), 409)


def test_assets_admin_operations_and_models_match_the_document(base_url, api_key, check):
    boundary = "reelay-boundary"
    form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
            f"Content-Type: image/png\r\n\r\n").encode() + png() + f"\r\n--{boundary}--\r\n".encode()
    asset = check("createAsset", request(base_url, "POST", "/v1/assets", api_key, raw=form,
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}), 200)
    raw = check("createAsset", request(base_url, "POST", "/v1/assets", api_key, raw=png(),
                                       headers={"Content-Type": "application/octet-stream"}), 200)
    check("createAsset", request(base_url, "POST", "/v1/assets", api_key, raw=b"hello",
                                 headers={"Content-Type": "application/octet-stream"}), 400)
    assert asset["url"].startswith("asset://") and raw["kind"] == "image"
    listed = check("listAssets", request(base_url, "GET", "/v1/assets", api_key), 200)
    assert {asset["id"], raw["id"]} <= {entry["id"] for entry in listed["data"]}
    check("getAsset", request(base_url, "GET", f"/v1/assets/{asset['id']}", api_key), 200)
    check("deleteAsset", request(base_url, "DELETE", f"/v1/assets/{asset['id']}", api_key), 200)
    check("getAsset", request(base_url, "GET", f"/v1/assets/{asset['id']}", api_key), 404)

    # The test server's admin key is the API key.
    created = check("adminCreateKey", request(base_url, "POST", "/admin/keys", api_key, {"name": "web-test"}), 200)
    keys = check("adminListKeys", request(base_url, "GET", "/admin/keys", api_key), 200)
    assert created["id"] in {entry["id"] for entry in keys["data"]}
    check("adminRevokeKey", request(base_url, "DELETE", f"/admin/keys/{created['id']}", api_key), 200)
    check("adminRevokeKey", request(base_url, "DELETE", "/admin/keys/nobody", api_key), 404)
    check("adminUsage", request(base_url, "GET", "/admin/usage?days=7", api_key), 200)
    check("adminUsage", request(base_url, "GET", "/admin/usage?days=0", api_key), 400)
    check("adminListKeys", request(base_url, "GET", "/admin/keys", "wrong-key"), 401)

    check("healthz", request(base_url, "GET", "/healthz"), 200)
    check("readyz", request(base_url, "GET", "/readyz"), 200)
    metrics = request(base_url, "GET", "/metrics")
    check("metrics", metrics, 200)
    assert b"reelay" in metrics.body
    models = check("listModels", request(base_url, "GET", "/v1/models"), 200)
    assert len(models["data"]) >= 5
    for operation, path in (("playground", "/"), ("docs", "/docs")):
        page = request(base_url, "GET", path)
        check(operation, page, 200)
        assert page.content_type == "text/html"

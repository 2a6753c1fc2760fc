#!/usr/bin/env python3
"""Writes Tests/ReelayTests/Fixtures/sigv4-botocore.json: Signature V4 values that botocore (the
signing core of the AWS SDK for Python) computes for S3-style requests at a fixed date, which
SigV4BotocoreTests then recomputes with Reelay's SigV4Signer, field by field.

Regenerate (installs the pinned botocore into .venv-s3/ first):
    scripts/sigv4-vectors

Each case is an S3 request as an S3 client sends it: the key percent-encoded once per segment
(botocore's own rule, quote(key, safe='/~')), the query given as parameters that botocore
encodes. Header cases go through S3SigV4Auth (Authorization, x-amz-date, x-amz-content-sha256,
x-amz-security-token); presigned cases through S3SigV4QueryAuth (the whole URL).
"""
import datetime
import json
import pathlib
import sys
from types import SimpleNamespace
from unittest import mock
from urllib.parse import quote

import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "Tests" / "ReelayTests" / "Fixtures" / "sigv4-botocore.json"
DATE = datetime.datetime(2026, 3, 14, 15, 9, 26, tzinfo=datetime.timezone.utc)

EXAMPLE = {"access_key": "AKIAIOSFODNN7EXAMPLE", "secret_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
WITH_TOKEN = {**EXAMPLE, "token": "FwoGZXIvYXdzEXAMPLE//session+token/with=odd/chars"}
VIRTUAL = "https://examplebucket.s3.amazonaws.com"
PATH_STYLE = "http://127.0.0.1:9000/examplebucket"

# name, kind, method, base, key, params, headers, body (header cases) or expires (presigned),
# credentials, region, signed payload (False: UNSIGNED-PAYLOAD over https)
CASES = [
    ("put-small-object", "header", "PUT", PATH_STYLE, "results/cgt-1/video.mp4", [],
     [("Content-Type", "video/mp4")], "not really a video", EXAMPLE, "us-east-1", True),
    ("put-key-with-spaces-and-plus", "header", "PUT", PATH_STYLE, "inputs/a b+c/first frame.png", [],
     [("Content-Type", "image/png")], "png", EXAMPLE, "eu-west-3", True),
    ("put-unicode-key", "header", "PUT", VIRTUAL, "视频/ключ/café ☕.mp4", [],
     [], "bytes", EXAMPLE, "us-east-1", True),
    ("get-key-with-tilde-and-equals", "header", "GET", PATH_STYLE, "a~b/c=d&e/f;g,h", [],
     [], "", EXAMPLE, "us-east-1", True),
    ("get-range", "header", "GET", VIRTUAL, "results/cgt-2/video.mp4", [],
     [("Range", "bytes=100-199")], "", EXAMPLE, "us-west-2", True),
    ("head-object", "header", "HEAD", PATH_STYLE, "results/cgt-3/thumbnail.jpg", [],
     [], "", EXAMPLE, "us-east-1", True),
    ("delete-object-with-session-token", "header", "DELETE", PATH_STYLE, "results/cgt-4/video.mp4", [],
     [], "", WITH_TOKEN, "us-east-1", True),
    ("create-multipart-upload", "header", "POST", PATH_STYLE, "big/file name.bin", [("uploads", "")],
     [("Content-Type", "application/octet-stream")], "", EXAMPLE, "us-east-1", True),
    ("upload-part", "header", "PUT", PATH_STYLE, "big/file name.bin",
     [("partNumber", "2"), ("uploadId", "VXBsb2FkIElE/Zm9y+ZWxldmF0aW9u==")],
     [], "part two bytes", EXAMPLE, "us-east-1", True),
    ("complete-multipart-upload", "header", "POST", PATH_STYLE, "big/file name.bin",
     [("uploadId", "VXBsb2FkIElE/Zm9y+ZWxldmF0aW9u==")], [("Content-Type", "application/xml")],
     '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"a"</ETag></Part></CompleteMultipartUpload>',
     EXAMPLE, "us-east-1", True),
    ("list-objects-v2", "header", "GET", PATH_STYLE, "",
     [("list-type", "2"), ("prefix", "results/cgt 5/"), ("continuation-token", "1/a+b=="), ("max-keys", "1000")],
     [], "", EXAMPLE, "us-east-1", True),
    ("delete-objects", "header", "POST", VIRTUAL, "", [("delete", "")],
     [("Content-Type", "application/xml"), ("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==")],
     "<Delete><Object><Key>a b</Key></Object></Delete>", WITH_TOKEN, "ap-southeast-1", True),
    ("put-unsigned-payload", "header", "PUT", VIRTUAL, "streamed/upload.mp4", [],
     [("Content-Length", "5242880")], "", EXAMPLE, "us-east-1", False),
    ("header-value-with-inner-spaces", "header", "PUT", PATH_STYLE, "meta.txt", [],
     [("x-amz-meta-note", "  two   spaces  inside  ")], "x", EXAMPLE, "us-east-1", True),
    ("presigned-get", "query", "GET", VIRTUAL, "results/cgt-6/video.mp4", [],
     [], 3600, EXAMPLE, "us-east-1", True),
    ("presigned-get-odd-key-path-style", "query", "GET", PATH_STYLE, "视频/a b+c~d=e.mp4", [],
     [], 86400, EXAMPLE, "eu-central-1", True),
    ("presigned-get-with-session-token", "query", "GET", PATH_STYLE, "results/cgt-7/last frame.png", [],
     [], 604800, WITH_TOKEN, "us-east-1", True),
    ("presigned-get-with-response-content-disposition", "query", "GET", PATH_STYLE, "results/cgt-8/video.mp4",
     [("response-content-disposition", 'attachment; filename="video.mp4"')], [], 300, EXAMPLE, "us-east-1", True),
]


class RecordingS3SigV4Auth(botocore.auth.S3SigV4Auth):
    """Keeps the canonical request botocore signed (computing it afterwards would include the
    Authorization header it has added by then)."""

    def canonical_request(self, request):
        self.signed_canonical_request = super().canonical_request(request)
        return self.signed_canonical_request


def wire_url(base, key, params):
    """The URL as an S3 client sends it: the key encoded once per segment, the query encoded
    with RFC 3986's unreserved set (a space is %20, never +)."""
    url = base + "/" + quote(key, safe="/~")
    if params:
        url += "?" + "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in params)
    return url


def header_case(name, method, base, key, params, headers, body, credentials, region, signed_payload):
    # botocore gets the parameters apart and encodes them itself for the canonical request.
    request = AWSRequest(method=method, url=base + "/" + quote(key, safe="/~"), headers=dict(headers),
                         data=body.encode(), params=dict(params))
    # Unsigned payloads are what S3 clients configured with payload_signing_enabled=False send.
    request.context["payload_signing_enabled"] = signed_payload
    request.context["client_config"] = SimpleNamespace(s3={"payload_signing_enabled": signed_payload})
    auth = RecordingS3SigV4Auth(Credentials(**credentials), "s3", region)
    auth.add_auth(request)
    added = {k.lower(): v for k, v in request.headers.items()
             if k.lower() in ("authorization", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token")}
    return {
        "name": name, "kind": "header", "method": method, "url": wire_url(base, key, params),
        "headers": [[k, v] for k, v in headers], "body": body, "signedPayload": signed_payload,
        "credentials": credentials, "region": region,
        "expected": {"canonicalRequest": auth.signed_canonical_request, "headers": added},
    }


def query_case(name, method, base, key, params, headers, expires, credentials, region, _signed_payload):
    url = wire_url(base, key, params)
    request = AWSRequest(method=method, url=url, headers=dict(headers))
    auth = botocore.auth.S3SigV4QueryAuth(Credentials(**credentials), "s3", region, expires=expires)
    auth.add_auth(request)
    return {
        "name": name, "kind": "query", "method": method, "url": url,
        "headers": [[k, v] for k, v in headers], "expires": expires,
        "credentials": credentials, "region": region,
        "expected": {"url": request.url},
    }


def main():
    cases = []
    with mock.patch("botocore.auth.get_current_datetime", return_value=DATE.replace(tzinfo=None)):
        for case in CASES:
            make = header_case if case[1] == "header" else query_case
            cases.append(make(case[0], *case[2:]))
    document = {
        "about": "Signature V4 values computed by botocore for S3 requests; written by scripts/sigv4-vectors.",
        "botocore": botocore.__version__,
        "date": DATE.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cases": cases,
    }
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    print(f"{len(cases)} cases written to {FIXTURE.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()

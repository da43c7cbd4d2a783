"""An optional WARC archive of every page response, so extraction can be re-run later."""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING

from scraper.errors import StoreError
from scraper.models import FetchResult
from scraper.store import ArchiveRef

if TYPE_CHECKING:
    from warcio.warcwriter import WARCWriter

ENCODING_HEADER = "Scraper-Encoding"
"""Our own WARC header: the charset the fetcher chose, so a re-extraction decodes the same way."""

_DROPPED_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
"""The payload is stored decoded, so these no longer describe it."""


@dataclass(frozen=True)
class ArchivedPage:
    """A page read back from the archive."""

    url: str
    html: str


class WarcArchive:
    """Appends response records to one gzipped WARC file per run, opened on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: io.BufferedWriter | None = None
        self._writer: WARCWriter | None = None

    def write(self, result: FetchResult) -> ArchiveRef:
        """Append one response and flush it; the returned reference is only handed out once it is on disk."""
        try:
            if self._file is None:
                # Imported here, like in read_archived: most runs keep no archive and never load warcio.
                from warcio.warcwriter import WARCWriter

                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._file = open(self.path, "ab")  # noqa: SIM115 - kept open for the whole run
                self._writer = WARCWriter(self._file, gzip=True)
            assert self._writer is not None
            offset = self._file.tell()
            self._writer.write_record(self._record(self._writer, result))
            self._file.flush()
        except OSError as exc:
            raise StoreError(f"cannot write the WARC archive {self.path}: {exc.strerror}") from exc
        return ArchiveRef(path=str(self.path), offset=offset)

    @staticmethod
    def _record(writer: WARCWriter, result: FetchResult) -> object:
        from warcio.statusandheaders import StatusAndHeaders

        body = result.content or result.html.encode(result.encoding or "utf-8", errors="replace")
        headers = [(name, value) for name, value in result.headers.items() if name.lower() not in _DROPPED_HEADERS]
        headers.append(("Content-Length", str(len(body))))
        status_line = f"{result.status} {_reason(result.status)}"
        return writer.create_warc_record(
            result.final_url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=StatusAndHeaders(status_line, headers, protocol="HTTP/1.1"),
            warc_headers_dict={
                "WARC-Date": _warc_date(result.fetched_at),
                ENCODING_HEADER: result.encoding or "utf-8",
            },
        )

    def close(self) -> None:
        """Close the file; records already written stay readable even if this never runs."""
        if self._file is not None:
            self._file.close()
            self._file = None


def read_archived(ref: ArchiveRef) -> ArchivedPage:
    """Read the response record at `ref` and decode it as the fetcher did."""
    from warcio.archiveiterator import ArchiveIterator

    try:
        with open(ref.path, "rb") as handle:
            handle.seek(ref.offset)
            for record in ArchiveIterator(handle):
                if record.rec_type != "response":
                    break
                encoding = record.rec_headers.get_header(ENCODING_HEADER) or "utf-8"
                body = record.content_stream().read()
                url = record.rec_headers.get_header("WARC-Target-URI")
                return ArchivedPage(url=url, html=body.decode(_codec(encoding), errors="replace"))
    except OSError as exc:
        raise StoreError(f"cannot read the WARC archive {ref.path}: {exc.strerror}") from exc
    raise StoreError(f"no response record at offset {ref.offset} of {ref.path}")


def _codec(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return "utf-8"


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _warc_date(value: datetime) -> str:
    """WARC-Date is UTC with a Z; a naive time from the fetcher is taken as UTC."""
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

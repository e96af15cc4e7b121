"""Content files parsed on two cores.

Pelican reads the content one file after another in the main process, and
parsing (front matter, Markdown, sanitising) is most of that time: the
second core would idle. Once both content generators exist (their content
caches loaded, nothing read yet: ``page_generator_init``), a worker is
forked that parses the same files from the end of Pelican's reading order
while the main process reads them from the start. Each file is claimed
once, by whichever process reaches it first (a shared flag per file, under
a lock), so the two meet wherever the work splits, whatever a file costs.
When Pelican asks the reader for a file the worker claimed, the reader
takes the worker's parse (``ContractMarkdownReader.parse``: plain data,
errors included) instead of parsing it, and goes on exactly as with its own
(errors to the build's collector, Tag objects made here).

Only files the reader will be asked for are listed: each generator's
``get_files`` (the set Pelican iterates, in its order), the reader's
suffix, not taken from the content cache. A warm build with nothing edited
forks nothing. The worker always takes the last file, so any build with
two files to parse reads some of them in the worker.

A worker that stops without sending a file it claimed (killed, crashed)
fails the build: that file is refused (no error an editor could fix is
invented for it) and ``finish`` raises, so the build exits 1 and output/
stays as it was.
"""

from __future__ import annotations

import fcntl
import multiprocessing
import os

from pelican.generators import ArticlesGenerator

from .reader import ContentContractError, ContractMarkdownReader, ParsedSource, relative_source

UNCLAIMED, MAIN, WORKER = 0, 1, 2
# The worker sends each parse as soon as it is made; the reader drains them at each file. A larger
# pipe (Linux caps an unprivileged one at /proc/sys/fs/pipe-max-size, 1 MB by default) keeps the
# worker from waiting for the reader between two of its reads.
PIPE_BYTES = 1 << 20
# Each process holds the claims' lock for a few instructions; waiting this long means the worker may
# have died holding it (then its death fails the build instead of hanging it).
LOCK_WAIT_S = 1.0


class ParallelRead:
    """The worker and its claims; the main process's side (``take``, ``finish``)."""

    def __init__(self, reader: ContractMarkdownReader, paths: list[str]):
        self.settings = reader.settings
        context = multiprocessing.get_context("fork")
        self.index = {path: number for number, path in enumerate(paths)}
        self.claims = context.RawArray("b", len(paths))
        self.lock = context.Lock()
        self.claims[len(paths) - 1] = WORKER
        self.received: dict[int, ParsedSource] = {}
        self.stopped = False
        self.receiver, sender = context.Pipe(duplex=False)
        try:
            fcntl.fcntl(sender.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        except OSError:  # a lower pipe-max-size: the default pipe works, with more waits
            pass
        # Daemonic: if the build stops, the worker dies with it.
        self.process = context.Process(target=_parse_from_end, args=(reader, paths, self.claims, self.lock, sender),
                                       daemon=True, name="content reader")
        self.process.start()
        sender.close()

    def take(self, source_path) -> ParsedSource | None:
        """The worker's parse of ``source_path``, or None when this process is to parse it (claimed now)."""
        number = self.index.pop(source_path, None)
        self._drain()
        if number is None:
            return None
        if self._claim(number):
            return None
        while number not in self.received and not self.stopped:
            self._receive()
        if number not in self.received:
            # Refused without an error of its own: finish() fails the build.
            raise ContentContractError(relative_source(self.settings, source_path))
        return self.received.pop(number)

    def _claim(self, number) -> bool:
        """Claim file ``number`` for this process unless the worker did."""
        if self.stopped:  # the worker is gone (it may have died holding the lock): no race is left
            return self._claim_unlocked(number)
        while not self.lock.acquire(timeout=LOCK_WAIT_S):
            if not self.process.is_alive():
                self.stopped = True
                return self._claim_unlocked(number)
        try:
            return self._claim_unlocked(number)
        finally:
            self.lock.release()

    def _claim_unlocked(self, number) -> bool:
        if self.claims[number] == UNCLAIMED:
            self.claims[number] = MAIN
            return True
        return False

    def _drain(self):
        while not self.stopped and self.receiver.poll():
            self._receive()

    def _receive(self):
        try:
            number, parsed = self.receiver.recv()
        except EOFError:
            self.stopped = True
            return
        self.received[number] = parsed

    def finish(self):
        """Wait for the worker (it stops at the first file the main process claimed); raise if it failed."""
        self.process.join()
        self.receiver.close()
        if self.process.exitcode != 0:
            raise RuntimeError(f"the content reading worker failed (exit code {self.process.exitcode}); "
                               "the build stopped, output/ is unchanged")


def _parse_from_end(reader, paths, claims, lock, sender):
    for number in range(len(paths) - 1, -1, -1):
        with lock:
            if claims[number] == MAIN:
                break
            claims[number] = WORKER
        sender.send((number, reader.parse(paths[number])))
    sender.close()


def files_to_parse(generator, reader) -> list[str]:
    """The absolute paths ``generator`` will ask ``reader`` for, in its order: not in its content cache."""
    settings = generator.settings
    kind = "ARTICLE" if isinstance(generator, ArticlesGenerator) else "PAGE"  # as its generate_context reads
    suffixes = tuple("." + extension for extension in reader.file_extensions)
    return [os.path.abspath(os.path.join(generator.path, name))
            for name in generator.get_files(settings[f"{kind}_PATHS"], exclude=settings[f"{kind}_EXCLUDES"])
            if name.endswith(suffixes) and generator.get_cached_data(name, None) is None]


class ParallelReading:
    """Wiring: the generators as Pelican makes them, the worker once both content generators exist."""

    def __init__(self):
        self.generators = []
        self.readers = []
        self.parallel: ParallelRead | None = None

    def generator_ready(self, generator):
        self.generators.append(generator)
        if len(self.generators) < 2:
            return
        readers = [generator.readers.readers.get("md") for generator in self.generators]
        if not all(isinstance(reader, ContractMarkdownReader) for reader in readers):
            return
        paths = list(dict.fromkeys(path for generator, reader in zip(self.generators, readers)
                                   for path in files_to_parse(generator, reader)))
        if len(paths) < 2:
            return
        self.parallel, self.readers = ParallelRead(readers[0], paths), readers
        for reader in readers:
            reader.parallel = self.parallel

    def finish(self, _generators):
        parallel, self.parallel = self.parallel, None
        for reader in self.readers:
            reader.parallel = None
        self.generators, self.readers = [], []
        if parallel is not None:
            parallel.finish()

"""``annotator help [TOPIC]``: the topics, or one short page (see ``annotator.cli.topics``)."""

from __future__ import annotations

import argparse

from annotator.cli.support import CliError
from annotator.cli.topics import TOPICS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator help",
        description="Short help pages on annotator, shipped with it. Without a TOPIC, "
        "list the topics.",
    )
    parser.add_argument("topic", nargs="?", metavar="TOPIC", help=", ".join(TOPICS))
    return parser


def run(args: argparse.Namespace) -> int:
    if args.topic is None:
        width = max(map(len, TOPICS))
        print("Help topics (annotator help TOPIC):")
        for name, (about, _) in TOPICS.items():
            print(f"  {name.ljust(width)}  {about}")
        print("Each command also has its own: annotator COMMAND --help.")
        return 0
    topic = TOPICS.get(args.topic.lower())
    if topic is None:
        raise CliError(f"no help topic {args.topic!r}; the topics are: {', '.join(TOPICS)}")
    print(topic[1]())
    return 0

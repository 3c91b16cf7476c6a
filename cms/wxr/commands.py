"""The import-wxr, export-wxr and import-disqus commands: thin wrappers over the readers,
importers and the exporter."""

import os

import click
from flask.cli import with_appcontext

from .disqus_importer import import_disqus
from .disqus_reader import read_disqus
from .exporter import export
from .importer import import_document
from .reader import NotAnExport, read


@click.command("import-wxr")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_wxr_command(path: str) -> None:
    """Import the posts, pages, topics and comments of a WordPress export file."""
    try:
        document = read(path)
    except NotAnExport as error:
        raise click.ClickException(str(error)) from None
    # The file was checked whole by read(); the items stream from it, committed in batches,
    # so an interrupted import keeps what it did and a rerun adds only the rest.
    bar = click.progressbar(
        document.items, length=document.item_count, label="Importing", show_pos=True
    )
    with bar:
        summary = import_document(document, bar)
    for line in summary.lines():
        click.echo(line)


@click.command("import-disqus")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_disqus_command(path: str) -> None:
    """Import the comments of a Disqus export under the articles their threads name."""
    try:
        export = read_disqus(path)
    except NotAnExport as error:
        raise click.ClickException(str(error)) from None
    length = export.thread_count + export.post_count
    with click.progressbar(export.records, length=length, label="Importing") as bar:
        summary = import_disqus(export, bar)
    for line in summary.lines():
        click.echo(line)


def _private(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


@click.command("export-wxr")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def export_wxr_command(path: str) -> None:
    """Write the whole site to PATH as a WordPress export (WXR 1.2), emails included."""
    # Readable by its owner only: the file holds commenters' emails and IP addresses.
    with open(path, "w", encoding="utf-8", opener=_private) as out:
        count = export(out)
    click.echo(f"Exported {count} articles to {path}.")
    click.echo("It holds commenters' emails and IP addresses: keep it private.")

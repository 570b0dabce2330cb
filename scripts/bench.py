#!/usr/bin/env python3
"""Benchmark corpora built from the project's example texts, and timings of the release binary.

  python3 scripts/bench.py corpus DIR [--big-bytes N] [--files N] [--file-bytes N]
  python3 scripts/bench.py article [--seed S] [--bytes N]
  python3 scripts/bench.py formats [--articles N] [--runs R] [--binary PATH]

`corpus` writes DIR/big.txt (articles one after another, about --big-bytes in all; 0 for none)
and --files articles of about --file-bytes each under DIR/files/ (one in five as Markdown, the
rest plain text), then prints what it wrote as `key=value` lines. `article` prints one plain-text
article, the same text `cargo bench` lints for that seed and size. `formats` times the same
articles as plain text, Markdown and HTML, and prints each set's ratio to plain text measured in
the same run (the script's behaviour when no command is given).

Articles follow the recipe of benches/common/mod.rs, which also holds the list of example texts
and the article sizes that `cargo bench` uses: the two must build the same text from the same
seed.
"""
import argparse, html, os, re, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMMON = os.path.join(ROOT, "benches", "common", "mod.rs")
MASK = (1 << 64) - 1


def _common_source():
    with open(COMMON, encoding="utf-8") as f:
        return f.read()


def sources():
    """The example texts listed in benches/common/mod.rs, relative to the repository root."""
    return re.findall(r'include_str!\("\.\./\.\./([^"]+)"\)', _common_source())


def size_constant(name):
    """A size constant of benches/common/mod.rs, such as MEDIUM."""
    match = re.search(rf"pub const {name}: usize = ([0-9_]+);", _common_source())
    return int(match.group(1).replace("_", ""))


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n


class Articles:
    """Titles and body paragraphs of the example texts, and articles made of them."""

    def __init__(self):
        self.titles, self.body = [], []
        for path in sources():
            with open(os.path.join(ROOT, path), encoding="utf-8", newline="") as f:
                text = f.read()
            paras = [p.strip() for p in text.strip().split("\n\n") if p.strip()]
            self.titles.append(paras[0])
            self.body.extend(paras[1:])
        self.title_bytes = [len(t.encode()) for t in self.titles]
        self.body_bytes = [len(p.encode()) for p in self.body]

    def article(self, seed, target):
        """A plain-text article of about `target` bytes (UTF-8)."""
        rng = SplitMix64(seed)
        first = rng.below(len(self.titles))
        parts = [self.titles[first]]
        size = self.title_bytes[first] + 1
        while size < target:
            i = rng.below(len(self.body))
            grown = size + 2 + self.body_bytes[i]
            if grown > target and grown - target > target - size:
                break
            parts.append(self.body[i])
            size = grown
        return "\n\n".join(parts) + "\n"


def as_markdown(text, n):
    title, _, body = text.partition("\n\n")
    return f"---\nid: {n}\n---\n\n# {title}\n\n{body}"


def as_html(text):
    title, _, body = text.partition("\n\n")
    paras = "".join(f"<p>{html.escape(p, quote=False)}</p>\n" for p in body.split("\n\n") if p.strip())
    title = html.escape(title, quote=False)
    return f"<html><head><title>{title}</title></head><body><h1>{title}</h1>\n{paras}</body></html>\n"


# Seeds: file n of a corpus is article n; the large file's articles come from another range.
BIG_SEED_BASE = 1 << 32


def write_corpus(root, big_bytes, files, file_bytes, markdown_every=5):
    articles = Articles()
    written_big, big_articles = 0, 0
    if big_bytes > 0:
        with open(os.path.join(root, "big.txt"), "w", encoding="utf-8", newline="\n") as f:
            while written_big < big_bytes:
                text = articles.article(BIG_SEED_BASE + big_articles, file_bytes)
                if big_articles:
                    text = "\n" + text
                f.write(text)
                written_big += len(text.encode())
                big_articles += 1
    files_bytes = 0
    for n in range(files):
        # A hundred files a directory, as an archive would be laid out.
        directory = os.path.join(root, "files", f"{n // 100:04}")
        if n % 100 == 0:
            os.makedirs(directory, exist_ok=True)
        text = articles.article(n, file_bytes)
        if markdown_every and n % markdown_every == markdown_every - 1:
            name, text = f"{n:06}.md", as_markdown(text, n)
        else:
            name = f"{n:06}.txt"
        data = text.encode()
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)
        files_bytes += len(data)
    return {
        "big_bytes": written_big,
        "big_articles": big_articles,
        "files": files,
        "files_bytes": files_bytes,
    }


def time_run(binary, directory, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run([binary, "check", "--format", "json", directory],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            sys.exit(f"bench: mtlint failed: {result.stderr.decode()}")
    return statistics.median(times)


def formats(args):
    articles = Articles()
    size_of_article = size_constant("MEDIUM")
    with tempfile.TemporaryDirectory() as root:
        for fmt in ("txt", "md", "html"):
            os.makedirs(os.path.join(root, fmt))
        for n in range(args.articles):
            text = articles.article(n, size_of_article)
            for fmt, body in (("txt", text), ("md", as_markdown(text, n)), ("html", as_html(text))):
                with open(os.path.join(root, fmt, f"{n:05}.{fmt}"), "w", encoding="utf-8") as f:
                    f.write(body)
        size = {fmt: sum(os.path.getsize(os.path.join(root, fmt, f)) for f in os.listdir(os.path.join(root, fmt)))
                for fmt in ("txt", "md", "html")}
        results = {fmt: time_run(args.binary, os.path.join(root, fmt), args.runs) for fmt in ("txt", "md", "html")}
    base = results["txt"]
    print(f"{args.articles} articles a format, median of {args.runs} runs")
    for fmt, seconds in results.items():
        print(f"  {fmt:5} {seconds:7.3f} s  {size[fmt] / seconds / 1e6:6.1f} MB/s  "
              f"{seconds / args.articles * 1e3:6.3f} ms/article  ratio to txt {seconds / base:5.2f}")


def main():
    argv = sys.argv[1:]
    if not argv or argv[0] not in ("corpus", "article", "formats", "-h", "--help"):
        argv = ["formats"] + argv
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    corpus = commands.add_parser("corpus", help="write a large file and many article files")
    corpus.add_argument("dir")
    corpus.add_argument("--big-bytes", type=int, default=100_000_000)
    corpus.add_argument("--files", type=int, default=20_000)
    corpus.add_argument("--file-bytes", type=int, default=None,
                        help="default: MEDIUM of benches/common/mod.rs")
    one = commands.add_parser("article", help="print one plain-text article")
    one.add_argument("--seed", type=int, default=1)
    one.add_argument("--bytes", type=int, default=None, help="default: MEDIUM of benches/common/mod.rs")
    fmts = commands.add_parser("formats", help="time plain text, Markdown and HTML")
    fmts.add_argument("--articles", type=int, default=2000)
    fmts.add_argument("--runs", type=int, default=5)
    fmts.add_argument("--binary", default="target/release/mtlint")
    args = parser.parse_args(argv)

    if args.command == "corpus":
        file_bytes = args.file_bytes or size_constant("MEDIUM")
        os.makedirs(args.dir, exist_ok=True)
        for key, value in write_corpus(args.dir, args.big_bytes, args.files, file_bytes).items():
            print(f"{key}={value}")
    elif args.command == "article":
        sys.stdout.write(Articles().article(args.seed, args.bytes or size_constant("MEDIUM")))
    else:
        formats(args)


if __name__ == "__main__":
    main()

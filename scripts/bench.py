#!/usr/bin/env python3
"""Time the release binary on a generated corpus and report ratios against plain text.

  python3 scripts/bench.py [--articles N] [--runs R] [--binary PATH]

Generates N articles (from paragraphs written for this benchmark, shuffled with a fixed seed)
as plain text, Markdown and HTML in a temporary directory, runs `mtlint check --format json`
on each set R times, and prints the median wall time of each set, its throughput, and its
ratio to the plain-text set measured in the same run.
"""
import argparse, html, os, random, statistics, subprocess, sys, tempfile, time

PARAGRAPHS = [
    "The Port Avalon harbour bridge reopened to traffic on Thursday, three years after engineers "
    "found cracks in two of its steel piers. The city council said the repairs were finished four "
    "weeks ahead of schedule.",
    "Traffic engineers expect most commuters to return to the bridge within a week. Bus route 12 "
    "will resume its old path on Monday, and the ferry will keep a reduced timetable until April.",
    "“We could have reopened earlier with a weight limit,” said Tomas Brandt, the council’s head "
    "of infrastructure, “but we wanted the bridge to carry lorries again from day one.”",
    "The contractor, a consortium from Lyon, said the new piers were designed as part of the "
    "city’s flood plan and would last a century with ordinary maintenance.",
    "Residents of the old town, where the closure lengthened many journeys by half an hour, said "
    "they were relieved. Shopkeepers near the ferry terminal were less pleased.",
    "The council voted on the the budget on Monday. Officials said alot of the money would go to "
    "schools, and the final figure is TKTK.",
]


def article(rng, n):
    paras = [rng.choice(PARAGRAPHS) for _ in range(rng.randint(6, 12))]
    return f"Harbour news {n}", paras


def write_corpus(root, count, seed=7):
    rng = random.Random(seed)
    for fmt in ("txt", "md", "html"):
        os.makedirs(os.path.join(root, fmt), exist_ok=True)
    for n in range(count):
        title, paras = article(rng, n)
        with open(os.path.join(root, "txt", f"{n:05}.txt"), "w", encoding="utf-8") as f:
            f.write(title + "\n\n" + "\n\n".join(paras) + "\n")
        with open(os.path.join(root, "md", f"{n:05}.md"), "w", encoding="utf-8") as f:
            f.write(f"---\nid: {n}\n---\n\n# {title}\n\n" + "\n\n".join(paras) + "\n")
        with open(os.path.join(root, "html", f"{n:05}.html"), "w", encoding="utf-8") as f:
            body = "".join(f"<p>{html.escape(p, quote=False)}</p>\n" for p in paras)
            f.write(f"<html><head><title>{title}</title></head><body><h1>{title}</h1>\n{body}</body></html>\n")


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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--binary", default="target/release/mtlint")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root:
        write_corpus(root, args.articles)
        size = {fmt: sum(os.path.getsize(os.path.join(root, fmt, f)) for f in os.listdir(os.path.join(root, fmt)))
                for fmt in ("txt", "md", "html")}
        results = {fmt: time_run(args.binary, os.path.join(root, fmt), args.runs) for fmt in ("txt", "md", "html")}
    base = results["txt"]
    print(f"{args.articles} articles a format, median of {args.runs} runs")
    for fmt, seconds in results.items():
        print(f"  {fmt:5} {seconds:7.3f} s  {size[fmt] / seconds / 1e6:6.1f} MB/s  "
              f"{seconds / args.articles * 1e3:6.3f} ms/article  ratio to txt {seconds / base:5.2f}")


if __name__ == "__main__":
    main()

"""Peak memory of nnteach.load: a measurement, not a test (issue #11: "loading never over-allocates").

    python bench/load_memory.py            # about a minute; writes its files to a temporary folder

Each case runs in fresh Python processes and reports two numbers: the peak of Python's allocations
during ``load`` (``tracemalloc``) and, in a process without tracemalloc (whose bookkeeping costs
memory too), the growth of the peak resident memory (``VmHWM`` of ``/proc/self/status`` after loading minus before; ``ru_maxrss`` where there is no ``/proc``).
The cases:

* ``largest model file``: the biggest Perceptron whose file fits the 16 MiB cap (``Perceptron(784, 900, 10)``,
  715 510 parameters at full precision), loaded and checked;
* ``wasteful content``: a well-formed file of a model of 900 000 parameters (the most a file may hold)
  whose every value is written ``0.0`` (the most Python objects per byte);
* ``too many numbers``: the same for a 3.9-million-parameter model (15.6 MB, under the byte cap): refused
  while parsing, when the millionth-and-first number is read;
* ``190 MB file``: the issue's case, a file far above the cap (refused after reading 16 MiB + 1 byte);
* ``626-byte file declaring 400M parameters``: refused before anything is built.
"""
from __future__ import annotations

import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import resource, sys, tracemalloc
import nnteach

def peak_rss_kib():
    try:                              # VmHWM: this process's peak, reset by exec (ru_maxrss is not, on Linux)
        return int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0])
    except (OSError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

path, traced = sys.argv[1], sys.argv[2] == "traced"
before = peak_rss_kib()
if traced:
    tracemalloc.start()
try:
    model = nnteach.load(path)
    outcome = f"loaded, {sum(p.size for p in model.params.values()):,} parameters"
except ValueError as exc:
    outcome = "refused: " + str(exc).split("file: ")[-1][:80]
peak = tracemalloc.get_traced_memory()[1] if traced else 0
after = peak_rss_kib()
print(peak, (after - before) * 1024, outcome, sep="\t")
"""


def write_files(folder: Path) -> dict[str, Path]:
    import nnteach
    files = {}
    net = nnteach.Perceptron(784, 900, 10, seed=0)
    files["largest model file"] = nnteach.save(net, folder / "largest.json")
    for name, sizes in (("wasteful content", [447, 2000, 1]), ("too many numbers", [1950, 2000, 1])):
        shapes = nnteach.Perceptron.param_shapes({"sizes": sizes})
        params = ",".join(f'"{k}":{{"shape":{list(s)},"values":[' + ",".join(["0.0"] * math.prod(s)) + "]}"
                          for k, s in shapes.items())
        text = ('{"format":"nnteach-model","version":1,"class":"Perceptron","config":{"sizes":' + json.dumps(sizes)
                + '},"params":{' + params + "}}")
        files[name] = folder / f"{name.split()[0]}.json"
        files[name].write_text(text)
    with open(folder / "big.json", "wb") as f:
        f.write(b'{"format": "nnteach-model", "values": [')
        f.truncate(190 * 10 ** 6)
    files["190 MB file"] = folder / "big.json"
    small = nnteach.saving.to_dict(nnteach.Perceptron(2, 2, 1, seed=0))
    small["config"]["sizes"] = [20000, 20000, 1]
    (folder / "tiny.json").write_text(json.dumps(small))
    files["626-byte file declaring 400M parameters"] = folder / "tiny.json"
    return files


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        files = write_files(Path(tmp))
        print(f"{'case':42s} {'file':>9s} {'tracemalloc peak':>17s} {'peak RSS growth':>16s}  outcome")
        for name, path in files.items():
            runs = [subprocess.run([sys.executable, "-c", CHILD, str(path), mode], capture_output=True, text=True,
                                   check=True).stdout.strip().split("\t") for mode in ("traced", "plain")]
            (peak, _, outcome), (_, rss, _) = runs          # RSS without tracemalloc's own bookkeeping
            print(f"{name:42s} {path.stat().st_size / 1e6:7.1f}MB {int(peak) / 1e6:14.1f} MB {int(rss) / 1e6:13.1f} MB  "
                  f"{outcome}")


if __name__ == "__main__":
    main()

"""The shop channel's upload checks and retention, run in the Rasa environment it lives in."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
RASA_PY = ROOT / ".venv-rasa" / "bin" / "python"

SCRIPT = r"""
import io, os, sys, time
from pathlib import Path
from PIL import Image
from bot.channels.shop import check_photo, sweep_uploads

buf = io.BytesIO(); Image.new("RGB", (32, 32)).save(buf, format="PNG")
assert check_photo(buf.getvalue(), 1 << 20) is None
assert "too large" in check_photo(buf.getvalue(), 10)
assert "not a photo" in check_photo(b"<img src=x onerror=alert(1)>", 1 << 20)
assert "empty" in check_photo(b"", 1 << 20)
bmp = io.BytesIO(); Image.new("RGB", (32, 32)).save(bmp, format="BMP")
assert "unsupported" in check_photo(bmp.getvalue(), 1 << 20)

d = Path(sys.argv[1])
old, new, other = d / ("a" * 32 + ".img"), d / ("b" * 32 + ".img"), d / "keep.txt"
for f in (old, new, other):
    f.write_bytes(b"x")
os.utime(old, (time.time() - 7200, time.time() - 7200))
os.utime(other, (time.time() - 7200, time.time() - 7200))
assert sweep_uploads(d, 3600) == 1
assert not old.exists() and new.exists() and other.exists()
assert sweep_uploads(d / "missing", 3600) == 0
print("ok")
"""


def test_upload_checks_and_sweep_in_the_rasa_env(tmp_path):
    result = subprocess.run([str(RASA_PY), "-c", SCRIPT, str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-2000:]

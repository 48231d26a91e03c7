"""Helpers shared by the explorer tests (not a test module)."""
import io

import numpy as np
from PIL import Image


def blit_matches_full(explorer, **state) -> bool:
    """True if the fast (blitted) PNG after ``explorer.set(**state)`` looks like a full redraw."""
    explorer.png()
    explorer.set(**state)
    fast = np.asarray(Image.open(io.BytesIO(explorer.png())).convert("RGB"), dtype=float)
    buf = io.BytesIO()
    explorer.fig.savefig(buf, format="png", dpi=explorer.dpi)
    full = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"), dtype=float)
    return fast.shape == full.shape and float(np.mean(np.abs(fast - full))) < 1.0

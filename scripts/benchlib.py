"""Shared by the benchmarks: peak RSS of one command and what it starts."""
import os
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Run a command in a fresh Python process that reports the peak RSS of its
# children (the command and the workers it starts), so the generators a
# benchmark ran earlier are not counted.
RSS_WRAPPER = ("import resource, subprocess, sys; "
               "p = subprocess.run(sys.argv[2:], capture_output=True); "
               "sys.stdout.buffer.write(p.stdout); "
               "sys.stderr.buffer.write(p.stderr); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN)"
               ".ru_maxrss, file=open(sys.argv[1], 'w'))")


def measured(cmd, **kw):
    """subprocess.run(cmd, **kw) and the peak RSS (MB) of what it started."""
    fd, rssfile = tempfile.mkstemp(prefix="bench-rss.")
    os.close(fd)
    p = subprocess.run([sys.executable, "-c", RSS_WRAPPER, rssfile] + cmd,
                       **kw)
    with open(rssfile) as f:
        rss = int(f.read()) / 1024
    os.unlink(rssfile)
    return p, rss

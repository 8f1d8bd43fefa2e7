import shutil
import subprocess
from types import SimpleNamespace

import pytest

from bench.drill import nginx_config


@pytest.mark.skipif(not shutil.which("nginx"), reason="Debian's nginx is not installed")
def test_the_drill_runs_deploy_nginx_conf_on_local_addresses(tmp_path):
    instances = [SimpleNamespace(port=18001), SimpleNamespace(port=18002)]
    config = nginx_config(tmp_path, 18000, instances)
    text = config.read_text()
    assert "listen 127.0.0.1:18000" in text
    assert "server 127.0.0.1:18001" in text and "server 127.0.0.1:18002" in text
    (tmp_path / "nginx").mkdir()
    prefix = ["-p", str(tmp_path / "nginx"), "-e", str(tmp_path / "nginx/error.log")]
    subprocess.run(["nginx", "-t", "-q", *prefix, "-c", str(config)], check=True)

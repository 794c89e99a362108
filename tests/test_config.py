from pathlib import Path

import pytest

from dashapp.config import DEFAULT_REFRESH_SECONDS, Config, ConfigError


def test_defaults_serve_the_demo_source():
    config = Config.from_env({})
    assert config.uses_demo
    assert config.refresh_seconds == DEFAULT_REFRESH_SECONDS


def test_data_dir_and_refresh_interval_come_from_prefixed_variables(tmp_path: Path):
    config = Config.from_env({"DASHAPP_DATA_DIR": str(tmp_path), "DASHAPP_REFRESH_SECONDS": "60"})
    assert config.data_dir == tmp_path
    assert not config.uses_demo
    assert config.refresh_seconds == 60.0


@pytest.mark.parametrize(
    "environ, message",
    [
        ({"DASHAPP_DATA_DIR": "/no/such/folder"}, "is not a directory"),
        ({"DASHAPP_REFRESH_SECONDS": "often"}, "is not a number"),
        ({"DASHAPP_REFRESH_SECONDS": "0"}, "below the minimum"),
    ],
)
def test_unusable_values_are_refused_with_the_variable_named(environ, message):
    with pytest.raises(ConfigError, match=message) as error:
        Config.from_env(environ)
    assert next(iter(environ)) in str(error.value)

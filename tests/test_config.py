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
        ({"DASHAPP_BOUNDARIES": "/no/such/file.topo.json"}, "is not a file"),
        ({"DASHAPP_RISK_LEVELS": "/no/such/levels.csv"}, "is not a file"),
    ],
)
def test_unusable_values_are_refused_with_the_variable_named(environ, message):
    with pytest.raises(ConfigError, match=message) as error:
        Config.from_env(environ)
    assert next(iter(environ)) in str(error.value)


def test_boundaries_and_risk_levels_are_files_from_prefixed_variables(tmp_path: Path):
    borders, levels = tmp_path / "nl.topo.json", tmp_path / "levels.csv"
    borders.write_text("{}")
    levels.write_text("region_code,level,valid_from\n")
    config = Config.from_env({"DASHAPP_BOUNDARIES": str(borders), "DASHAPP_RISK_LEVELS": str(levels)})
    assert config.boundaries == borders and config.risk_levels == levels


def test_pre_rendering_is_on_from_the_environment_unless_switched_off():
    assert Config.from_env({}).warm_cache
    assert not Config.from_env({"DASHAPP_WARM_CACHE": "0"}).warm_cache
    assert not Config().warm_cache

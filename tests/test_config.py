"""config.toml: every default documented, unknown keys and wrong types named, precedence kept."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from scraper.config import Config, config_from_mapping, load_config
from scraper.errors import ConfigError

PROJECT_CONFIG = Path(__file__).resolve().parent.parent / "config.toml"


def test_the_documented_config_is_exactly_the_defaults() -> None:
    assert load_config(PROJECT_CONFIG, environ={}) == Config()


def test_every_setting_is_documented_in_config_toml() -> None:
    text = PROJECT_CONFIG.read_text(encoding="utf-8")
    documented = tomllib.loads(text)
    for section in ("fetch", "extract", "store", "run"):
        fields = {field.name for field in dataclasses.fields(getattr(Config(), section))}
        assert set(documented[section]) == fields - {"sites"}, section
    assert "[[extract.sites]]" in text
    assert "[[sources]]" in text


def test_an_unknown_key_is_named() -> None:
    with pytest.raises(ConfigError, match="fetch.user_agnet"):
        config_from_mapping({"fetch": {"user_agnet": "x"}})


def test_a_wrong_type_is_named() -> None:
    with pytest.raises(ConfigError, match="fetch.retries"):
        config_from_mapping({"fetch": {"retries": "three"}})
    with pytest.raises(ConfigError, match="extract.remove_chrome"):
        config_from_mapping({"extract": {"remove_chrome": 1}})


def test_negative_numbers_are_refused() -> None:
    with pytest.raises(ConfigError, match="fetch.total_timeout"):
        config_from_mapping({"fetch": {"total_timeout": -1}})


def test_a_ray_connect_timeout_of_zero_is_refused() -> None:
    with pytest.raises(ConfigError, match="ray_connect_timeout_seconds"):
        config_from_mapping({"run": {"ray_connect_timeout_seconds": 0}})


def test_site_rules_are_loaded_without_code() -> None:
    config = config_from_mapping({"extract": {"sites": [{"host": "example.com", "drop": [".promo"]}]}})
    assert config.extract.sites[0].host == "example.com"
    assert config.extract.sites[0].drop == (".promo",)


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[fetch]\nuser_agent = "from-file"\nretries = 1\n', encoding="utf-8")
    config = load_config(path, environ={"SCRAPER_FETCH_USER_AGENT": "from-env", "SCRAPER_FETCH_RETRIES": "5"})
    assert (config.fetch.user_agent, config.fetch.retries) == ("from-env", 5)


def test_a_bad_environment_value_is_named() -> None:
    with pytest.raises(ConfigError, match="SCRAPER_FETCH_OBEY_ROBOTS"):
        load_config(PROJECT_CONFIG, environ={"SCRAPER_FETCH_OBEY_ROBOTS": "perhaps"})


def test_invalid_toml_and_missing_files_are_config_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[fetch\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(broken, environ={})
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "missing.toml", environ={})


def test_config_named_by_the_environment_is_used(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere.toml"
    path.write_text("[extract]\nmin_article_chars = 10\n", encoding="utf-8")
    assert load_config(environ={"SCRAPER_CONFIG": str(path)}).extract.min_article_chars == 10

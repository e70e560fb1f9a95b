import re
from pathlib import Path

import pytest

from recsys.settings import PACKAGE_DIR, SHIPPED_CATALOG, Settings, SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_env_overrides_and_paths(tmp_path):
    s = load_settings({"RECSYS_VAR_DIR": str(tmp_path), "RECSYS_DEFAULT_K": "7", "RECSYS_CONFIG": ""})
    assert s.var_dir == tmp_path and s.default_k == 7
    assert s.resolved_database_url == f"sqlite:///{tmp_path / 'recsys.db'}"
    assert s.resolved_rasa_tracker_url == f"sqlite:///{tmp_path / 'rasa.db'}"


def test_toml_file_then_env(tmp_path):
    cfg = tmp_path / "recsys.toml"
    cfg.write_text('[recsys]\ndefault_k = 3\ndatabase_url = "postgresql://x/y"\n')
    s = load_settings({"RECSYS_CONFIG": str(cfg), "RECSYS_DEFAULT_K": "4"})
    assert s.default_k == 4 and s.database_url == "postgresql://x/y"


def test_bad_values_are_named(tmp_path):
    with pytest.raises(SettingsError, match="default_k"):
        load_settings({"RECSYS_DEFAULT_K": "many"})
    cfg = tmp_path / "recsys.toml"
    cfg.write_text("[recsys]\ncolour = 1\n")
    with pytest.raises(SettingsError, match="unknown settings"):
        load_settings({"RECSYS_CONFIG": str(cfg)})
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings({"RECSYS_CONFIG": str(tmp_path / "missing.toml")})


def test_state_defaults_to_var_in_the_working_directory_and_shipped_data_to_the_package(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = load_settings({})
    assert s.var_dir == tmp_path / "var" and s.var_dir.is_absolute()
    assert s.index_dir == tmp_path / "var" / "index"
    assert s.catalog_path == SHIPPED_CATALOG and SHIPPED_CATALOG.is_relative_to(PACKAGE_DIR)
    assert Settings().var_dir == tmp_path / "var"
    # Taken when the settings are built: a later chdir does not move the state.
    monkeypatch.chdir(tmp_path.parent)
    assert s.var_dir == tmp_path / "var"


def test_relative_env_paths_resolve_against_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = load_settings({"RECSYS_VAR_DIR": "state", "RECSYS_CATALOG_PATH": "shop/catalog.jsonl"})
    assert s.var_dir == tmp_path / "state"
    assert s.catalog_path == tmp_path / "shop" / "catalog.jsonl"


def test_relative_toml_paths_resolve_against_the_config_files_folder(tmp_path, monkeypatch):
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "shop.toml").write_text('[recsys]\nvar_dir = "state"\ncatalog_path = "../data/c.jsonl"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    s = load_settings({"RECSYS_CONFIG": str(conf / "shop.toml")})
    assert s.var_dir == conf / "state"
    assert s.catalog_path.resolve() == tmp_path / "data" / "c.jsonl"
    # RECSYS_CONFIG itself is relative to the working directory, and an env value beats the file's
    # (and is relative to the working directory, as every env value).
    s = load_settings({"RECSYS_CONFIG": "../conf/shop.toml", "RECSYS_VAR_DIR": "mine"})
    assert s.var_dir == elsewhere / "mine" and s.catalog_path.resolve() == tmp_path / "data" / "c.jsonl"
    # recsys.toml in the working directory: its folder is the working directory.
    (elsewhere / "recsys.toml").write_text('var_dir = "v"\n')
    assert load_settings({}).var_dir == elsewhere / "v"


def test_runtime_code_does_not_resolve_paths_against_the_checkout():
    # PROJECT_DIR is the source checkout: for an installed package it is site-packages. Only
    # development tools (training, evaluation) may use it.
    runtime = ["actions", "recsys/assistant", "recsys/encoders", "recsys/search", "recsys/recommend", "recsys/scene",
               "recsys/storage", "recsys/ops", "recsys/demo", "recsys/cli", "recsys/catalog.py", "recsys/images.py"]
    offenders = []
    for entry in runtime:
        base = ROOT / entry
        for path in [base] if base.is_file() else sorted(base.rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in re.finditer(r".*\bPROJECT_DIR\b.*", text)]
    assert not offenders, "\n".join(offenders)

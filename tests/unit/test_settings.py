import pytest

from recsys.settings import SettingsError, load_settings


def test_env_overrides_and_paths(tmp_path):
    s = load_settings({"RECSYS_VAR_DIR": str(tmp_path), "RECSYS_DEFAULT_K": "7", "RECSYS_CONFIG": ""})
    assert s.var_dir == tmp_path and s.default_k == 7
    assert s.resolved_database_url == f"sqlite:///{tmp_path / 'recsys.storage.orm'}"


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

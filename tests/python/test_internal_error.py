"""A bug inside the core surfaces as certcentral.InternalError, which `except Exception` catches,
never as pyo3's PanicException (a BaseException)."""

from __future__ import annotations

from typing import Callable

import pytest

import certcentral
from certcentral import _certcentral

# Present only in the extension `make test` builds (feature test-hooks), so not in the stubs.
panic_for_tests: Callable[[str], None] = getattr(_certcentral, "_panic_for_tests")  # noqa: B009


def test_a_panic_in_the_core_is_an_internal_error() -> None:
    with pytest.raises(certcentral.InternalError) as caught:
        panic_for_tests("boom in the core")
    error = caught.value
    assert isinstance(error, certcentral.CertCentralError)
    assert isinstance(error, Exception)
    assert error.kind == "panic"
    assert "boom in the core" in str(error)
    assert "a bug in certcentral" in str(error)


def test_except_exception_catches_it() -> None:
    try:
        panic_for_tests("caught by a plain handler")
    except Exception as error:  # noqa: BLE001 - the point of the test
        assert type(error) is certcentral.InternalError
    else:
        pytest.fail("no exception")


def test_a_base_error_made_by_hand_is_not_a_panic() -> None:
    assert certcentral.CertCentralError("boom").kind != "panic"
    assert certcentral.InternalError("boom").kind == "panic"

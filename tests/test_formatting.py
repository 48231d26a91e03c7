"""Number formats (nnteach.formatting): one home for every number a figure, summary or check prints."""
import numpy as np

from nnteach.formatting import code, fixed, number, plain, term, vector


def test_number_formats():
    assert fixed(-0.00001) == "0.0000" and fixed(-0.0697) == "−0.0697"
    assert [number(v) for v in (0.1078, 960.621, 1895.38, 16.41, 0.0016175, 3.583e-05, -0.06971, 0.0, 7.459)] == \
        ["0.1078", "960.6", "1895", "16.41", "0.0016", "3.58×10⁻⁵", "−0.0697", "0", "7.459"]


def test_huge_numbers_print_as_a_power_of_ten():
    assert number(7407285971611.0) == "7.41×10¹²" and number(-2.5e6) == "−2.50×10⁶"
    assert number(9999.0) == "9999" and number(12345.0) == "1.23×10⁴"


def test_no_format_prints_a_minus_zero():
    for tiny in (-1e-9, -0.00004):
        assert fixed(tiny) == "0.0000" and plain(-0.00000) == "0.0000"
    assert plain(-0.00001) == "-1e-05"            # tiny but not zero: 3 significant figures, plain minus
    assert plain(-0.0697) == "-0.0697" and plain(0.0) == "0.0000"


def test_term_writes_the_sign_in_front_and_vector_brackets_four_decimals():
    assert term(1.0) == "+ 1.0" and term(-1.5) == "− 1.5" and term(0.25, 2) == "+ 0.25"
    assert vector(np.array([[0.42, 0.2]])) == "(0.4200, 0.2000)"


def test_code_writes_numbers_and_arrays_as_python():
    assert code(0.05) == "0.05" and code(np.array([0.05, 0.2])) == "np.array([0.05, 0.2])"

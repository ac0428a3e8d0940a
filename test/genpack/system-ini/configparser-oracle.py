"""Reads system.ini files the way genpack-init does and prints, as JSON, what configparser holds.

genpack-init prepends "[_default]\n" to the file's bytes, pybind11 decodes the result as strict
UTF-8, and ConfigParser().read_string() reads it with every default. For each file given (a JSON
list of paths on stdin) this prints the decode failure, the exceptions with their line numbers in
the user's file, every section and key with its raw value, and for every key a section offers
(its own and DEFAULT's) what get() returns or raises, with int() and getboolean() of the result.

Python 3.13 joins multi-line values in a `finally` even when reading raised; older versions
leave them as lists after a DuplicateSectionError or DuplicateOptionError. The lists are joined
here exactly as 3.13's _join_multiline_values does, so every version answers as the images do.
"""
import configparser
import json
import sys

PREPENDED = b"[_default]\n"

parsing_error_lines = set()
original_append = configparser.ParsingError.append


def recording_append(self, lineno, line):
    # ParsingError lines stay visible even when a later duplicate raises instead (3.13 combines
    # the collected errors by appending them again: a set keeps each line once).
    parsing_error_lines.add(lineno - 1)
    return original_append(self, lineno, line)


configparser.ParsingError.append = recording_append


def join_like_313(parser):
    for options in [parser._defaults, *parser._sections.values()]:
        for name, value in options.items():
            if isinstance(value, list):
                options[name] = "\n".join(value).rstrip()


def outcome_of_get(parser, section, key):
    try:
        value = parser.get(section, key)
    except configparser.Error as error:
        return {"error": type(error).__name__}
    try:
        integer = str(int(value))
    except ValueError:
        integer = None
    return {"value": value, "int": integer, "boolean": parser.BOOLEAN_STATES.get(value.lower())}


def read(path):
    with open(path, "rb") as file:
        data = PREPENDED + file.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[len(PREPENDED) : error.start].decode("utf-8").split("\n")
        return {"badByte": {"line": len(before), "column": len(before[-1].encode("utf-16-le")) // 2 + 1}}
    parser = configparser.ConfigParser()
    parsing_error_lines.clear()
    raised = None
    try:
        parser.read_string(text)
    except configparser.ParsingError as error:
        raised = {"type": type(error).__name__, "lines": sorted(lineno - 1 for lineno, _ in error.errors)}
    except (configparser.DuplicateSectionError, configparser.DuplicateOptionError) as error:
        raised = {"type": type(error).__name__, "line": error.lineno - 1}
    join_like_313(parser)
    sections = []
    for name in [parser.default_section, *parser.sections()]:
        own = parser._defaults if name == parser.default_section else parser._sections[name]
        offered = list(dict.fromkeys([*own.keys(), *parser._defaults.keys()]))
        # Lists, not objects: JavaScript would reorder keys that look like numbers.
        sections.append(
            {
                "name": name,
                "raw": [[key, own[key]] for key in own],
                "get": [[key, outcome_of_get(parser, name, key)] for key in offered],
            }
        )
    return {"raised": raised, "unparsableLines": sorted(parsing_error_lines), "sections": sections}


json.dump([read(path) for path in json.load(sys.stdin)], sys.stdout)

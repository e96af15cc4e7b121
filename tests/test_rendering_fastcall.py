"""``Context.call`` without Jinja's checks for the callables that never take the context, the environment or
the eval context (plugins/rendering/fastjinja.py, ``fast_call``): the same text as Jinja's own."""

import jinja2
from jinja2.runtime import Context
from jinja2.utils import pass_context, pass_environment

from rendering import fastjinja, fragments
from rendering.fastjinja import PLAIN_CALLABLES, fast_call

PAGE = """
{%- macro item(label, obj='') -%}[{{ label }}{{ obj }}{{ caller() if caller else '' }}]{%- endmacro -%}
{%- macro kw(a, b=2) -%}{{ a }}{{ b }}{{ kwargs }}{{ varargs }}{%- endmacro -%}
{%- set card = once(item) -%}
{%- for n in range(3) %}{{ item(n, obj='o') }}{{ card(n) }}{{ kw(n, 5, 6, z=7) }}{% endfor -%}
{%- call item('c') %}dentro{% endcall -%}
{{ 'testo'.upper() }}{{ ', '.join(['a', 'b']) }}{{ named() }}{{ environment_name() }}{{ stops() }}|{{ helper(1, obj=2) }}
"""


def _stops():
    raise StopIteration


def _render():
    environment = jinja2.Environment(autoescape=True)
    environment.globals.update(
        once=fragments.once, named=pass_context(lambda context: context.name),
        environment_name=pass_environment(lambda environment: type(environment).__name__),
        stops=_stops, helper=lambda *args, **kwargs: f"{args}{kwargs}")
    fragments.forget()
    try:
        return environment.from_string(PAGE).render()
    finally:
        fragments.forget()


def test_the_fast_call_renders_what_jinja_s_call_renders():
    # Jinja's own, as fastjinja kept it: a test before this one may have installed the fast paths.
    jinja_s, installed = fastjinja._call, Context.call
    try:
        Context.call = jinja_s
        before = _render()
        Context.call = fast_call
        after = _render()
    finally:
        Context.call = installed
    assert after == before
    assert "[0o][0]" in after and "[cdentro]" in after and "TESTOa, bNoneEnvironment|" in after
    assert fast_call is not jinja_s and {jinja2.runtime.Macro, fragments.Once} <= PLAIN_CALLABLES

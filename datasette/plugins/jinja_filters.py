"""Template filters: `vn_date` shows an ISO date as readers write it (24/09/2019), the
machine value staying in the JSON and in `<time datetime>`; the test `internal`: a column
for search only (`*_folded`), left out of pages. Registers filters only."""

from datasette import hookimpl

from pipeline.search import people_date
from pipeline.store import is_internal


@hookimpl
def prepare_jinja2_environment(env) -> None:
    env.filters["vn_date"] = people_date
    env.tests["internal"] = is_internal

"""The results as the Markdown table that docs/performance.md quotes."""

from slow_clients import slow_clients_line


def staff_line(staff: dict) -> str:
    roles = ", ".join(
        f"{role} {data['render_ms_median']:.1f} ms ({data['queries']} queries; "
        f"password page {data.get('reference_ms_median', 0):.1f} ms)"
        for role, data in staff.items()
    )
    return f"Admin start page „Heute zu tun“ (large data set, logged in, median): {roles}."


def staff_pages_lines(pages: dict) -> list[str]:
    """One line per staff page: median on the large data set, queries small / large."""
    large, small = pages["large"], pages.get("small", {})
    lines = ["Staff pages (logged in as superuser, uncached, median wall and CPU time):"]
    for name, data in large.items():
        queries = (
            f"; {small[name]['queries']} / {data['queries']} queries (small / large)"
            if "queries" in data and name in small
            else ""
        )
        lines.append(
            f"- {name}: {data['render_ms_median']:.1f} ms "
            f"(CPU {data.get('cpu_ms_median', 0):.1f} ms){queries}"
        )
    return lines


def render_lines(pages: dict, pace_ms: float | None = None) -> list[str]:
    """One line per public page: uncached render on the large data set, wall and CPU time,
    and the function calls of one render (the same on every machine)."""
    lines = ["Public pages, uncached (large data set, median wall and CPU time):"]
    if pace_ms:
        lines.append(f"(this machine runs a million additions in Python in {pace_ms:.1f} ms)")
    for name, data in pages.items():
        calls = f", {data['calls']:,} calls" if "calls" in data else ""
        lines.append(
            f"- {name}: {data['render_ms_median']:.1f} ms "
            f"(CPU {data.get('render_cpu_ms_median', 0):.1f} ms), {data['queries']} queries"
            f"{calls}"
        )
    return lines


def booking_line(booking: dict) -> str:
    few, many = booking["few"], booking["many"]
    return (
        f"Online booking, free times of 3 offices × 4 weeks ({many['free_times']} to "
        f"{few['free_times']} times offered): median {few['median_ms']:.1f} ms with "
        f"{few['bookings']} bookings, {many['median_ms']:.1f} ms with {many['bookings']:,} "
        f"bookings ({many['claims']:,} seat claims); {few['queries']} / {many['queries']} "
        "SQL queries."
    )


def events_line(events: dict) -> str:
    few, many, load = events["few"], events["many"], events["load"]
    page, form = list(few)[:2]
    return (
        f"Event sign-up, uncached render with a few and with {many['signups']:,} sign-ups "
        f"(200 waiting): event page {few[page]['median_ms']:.1f} / "
        f"{many[page]['median_ms']:.1f} ms, {few[page]['queries']} / {many[page]['queries']} "
        f"queries; sign-up form {few[form]['median_ms']:.1f} / {many[form]['median_ms']:.1f} ms, "
        f"{few[form]['queries']} / {many[form]['queries']} queries. "
        f"{load['per_second']:.0f} sign-ups/s for one event ({load['signups']} by "
        f"{load['threads']} at once, {len(load['errors'])} errors)."
    )


def lending_line(lending: dict) -> str:
    few, many = lending["few"], lending["many"]
    return (
        f"Lending, the cargo bike's availability page (4 weeks, uncached): median "
        f"{few['median_ms']:.1f} ms with {few['loans']} loans, {many['median_ms']:.1f} ms with "
        f"{many['loans']:,} loans (a year); {few['queries']} / {many['queries']} SQL queries."
    )


def table(results: dict) -> str:
    mixed = results.get("mixed", {}).get("pages", {})
    instances = results.get("instances", 1)
    served = f" in {instances} instances behind one address" if instances > 1 else ""
    lines = [
        f"Run {results['date']} on {results['machine']} ({results['database']}, "
        f"{results['workers']} gunicorn workers of gunicorn.conf.py{served}, "
        f"wrk -t2 -c16 -d{results['seconds']}s).",
        "",
        "| page | req/s | × floor | mixed req/s | mixed × floor | p50 ms | p99 ms "
        "| queries (small / large) | HTML KB | gzip KB | render ms | calls |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, data in results["load"].items():
        under_writes = (
            f"{mixed[name]['rps']:.0f} | {mixed[name]['rps'] / mixed[name]['floor_rps']:.2f}"
            if name in mixed
            else "– | –"
        )
        page = results["inprocess"]["large"].get(name)
        small = results["inprocess"]["small"].get(name)
        extra = (
            f"{small['queries']} / {page['queries']} | {page['bytes'] / 1024:.1f} | "
            f"{page['bytes_gzip'] / 1024:.1f} | {page['render_ms_median']:.1f} | "
            f"{page.get('calls', 0):,}"
            if page
            else "– | – | – | – | –"
        )
        ratio = data["rps"] / data["floor_rps"]
        lines.append(
            f"| {name} | {data['rps']:.0f} | {ratio:.2f} | {under_writes} | "
            f"{data['p50_us'] / 1000:.1f} | {data['p99_us'] / 1000:.1f} | {extra} |"
        )
    first = results["first_load"]
    if results.get("machine_pace_ms"):
        lines += [
            "",
            f"Render ms: median of uncached in-process renders; calls: function calls of one "
            f"render, the same on every machine. This machine ran a million additions in "
            f"Python in {results['machine_pace_ms']:.1f} ms.",
        ]
    if results.get("mixed"):
        w = results["mixed"]["writes"]
        lines += [
            "",
            f"Mixed run: while wrk read each page, residents wrote {w['draft_steps']} fund "
            f"draft steps (5/s) and {w['appointment_requests']} appointment requests (2/s), "
            f"{w['errors']} errors; the worker sent the notices. "
            "Each ratio is to the floor measured just before that page, in the same conditions.",
        ]
    lines += [
        "",
        f"Home page first load (compressed): {first['total_without_pictures'] / 1024:.1f} KB "
        f"without pictures (HTML {first['html_gzip'] / 1024:.1f}, "
        f"CSS {first['css_gzip'] / 1024:.1f}, fonts 0), "
        f"{first['total_with_pictures'] / 1024:.1f} KB with {first['picture_count']} pictures "
        "as a phone loads them.",
    ]
    if results.get("lighthouse"):
        scores = ", ".join(f"{k} {v}" for k, v in results["lighthouse"].items())
        lines.append(f"Lighthouse (mobile, home page): {scores}.")
    if results.get("submissions"):
        s = results["submissions"]
        lines.append(
            f"Fund submissions ({results['database']}, {s['workers']} workers, "
            f"{s['clients']} clients): "
            f"{s['per_second']:.0f} complete applications/s ({s['sent']} in {s['seconds']} s), "
            f"{s['errors']} errors, {s['new_applications']} stored with "
            f"{s['new_distinct_references']} distinct reference numbers."
        )
    if results.get("booking"):
        lines.append(booking_line(results["booking"]))
    if results.get("events"):
        lines.append(events_line(results["events"]))
    if results.get("lending"):
        lines.append(lending_line(results["lending"]))
    if results.get("staff_today"):
        lines.append(staff_line(results["staff_today"]))
    if results.get("staff_pages"):
        lines += ["", *staff_pages_lines(results["staff_pages"]), ""]
    if results.get("slow_clients"):
        lines.append(slow_clients_line(results["slow_clients"]))
    if results.get("scale"):
        parts = ", ".join(
            f"{name} {data['one']:.0f} → {data['two']:.0f} req/s ({data['two'] / data['one']:.2f}×)"
            for name, data in results["scale"].items()
        )
        lines.append(
            f"Two instances behind one address against one, same {results['workers']} workers "
            f"on this machine: {parts}."
        )
    return "\n".join(lines) + "\n"

"""Print the API's OpenAPI schema as JSON, built from the app itself (no server, database or S3).

Run by `npm run gen:api -- --app` with the project's virtualenv; the container is empty because
building the schema resolves no dependency.
"""

from __future__ import annotations

import json
import sys

from dishka import make_async_container

from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.http.app import create_app


def main() -> None:
    app = create_app(make_async_container(), Settings(frontend_dist=""))
    json.dump(app.openapi_schema.to_schema(), sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()

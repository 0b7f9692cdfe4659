"""Message catalogues, one per package of the product: key -> (Spanish, English).

`core`, `authoring`, `storage`, `service`, `exports` and `cli` each hold the sentences their package
shows; `workflow.i18n` merges them and refuses a key defined twice. Catalogues import nothing.
"""

from workflow.messages import authoring, catalog_web, cli, core, exports, requests, service, storage

ALL_CATALOGUES = (core.MESSAGES, authoring.MESSAGES, storage.MESSAGES, service.MESSAGES, exports.MESSAGES,
                  cli.MESSAGES, catalog_web.MESSAGES, requests.MESSAGES)

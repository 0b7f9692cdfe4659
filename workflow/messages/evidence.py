"""Messages of the evidence store: key -> (Spanish, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "evidence.missing": (
        "no existe el archivo de evidencia {path}: revise la ruta",
        "the evidence file {path} does not exist: check the path",
    ),
    "evidence.is_folder": (
        "{path} es una carpeta, no un archivo: indique el archivo de evidencia",
        "{path} is a folder, not a file: give the evidence file itself",
    ),
    "evidence.not_regular": (
        "{path} no es un archivo normal: indique un archivo de evidencia",
        "{path} is not a regular file: give an ordinary evidence file",
    ),
    "evidence.unreadable": (
        "no se puede leer el archivo de evidencia {path} ({reason}): revise sus permisos",
        "cannot read the evidence file {path} ({reason}): check its permissions",
    ),
}

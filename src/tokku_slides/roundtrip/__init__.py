"""Round trips between the data and the files made from it or for it: ``check`` a deck against the
data, ``extract`` a deck's hand edits back into the zone files, ``export`` a workbook, ``import-scores``
from a table. Above the build (it uses its all-or-nothing write), below the command line."""

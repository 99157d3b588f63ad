"""Archive downloads in: what the tarballs a PI downloaded from the ALMA archive hold (:mod:`.contents`, read
from names and tar headers only) and unpacking them into the one delivery tree (:mod:`.unpack`)."""

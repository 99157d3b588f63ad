# PyInstaller hook for astropy, in place of the contributed one (which takes all of astropy): every module and
# data file except the test suites and the subpackages the app never uses (bundle_config.ASTROPY_UNUSED).
# The ply parser tables (*_parsetab.py, *_lextab.py) are read as files, so they go in as data too.
from bundle_config import ASTROPY_UNUSED, astropy_module_wanted
from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata

hiddenimports = collect_submodules("astropy", filter=astropy_module_wanted) + ["numpy.lib.recfunctions"]

left_out = ["**/tests/**"] + [f"{name}/**" for name in ASTROPY_UNUSED]
datas = collect_data_files("astropy", excludes=left_out)
datas += [
    (path, target)
    for path, target in collect_data_files("astropy", include_py_files=True, excludes=left_out)
    if path.endswith(("_parsetab.py", "_lextab.py"))
]
datas += copy_metadata("astropy") + copy_metadata("numpy")

# Regenerates real.importlib-metadata.json, the independent expectation of PythonCatalogerTest:
#   cd src/test/resources/catalog/python/real && python3 ../real.oracle.py > ../real.importlib-metadata.json
import importlib.metadata as m, json
rows = []
for d in ["opt/venv/lib/python3.11/site-packages", "root/.pyenv/versions/3.11.7/lib/python3.11/site-packages",
          "usr/lib/python3/dist-packages", "usr/lib/python2.7/dist-packages"]:
    for dist in m.distributions(path=[d]):
        rows.append({"dir": d, "name": dist.metadata["Name"], "version": dist.version})
rows.sort(key=lambda r: (r["dir"], r["name"].lower(), r["version"]))
print(json.dumps(rows, indent=1))

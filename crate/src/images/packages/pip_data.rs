//! The Python package index table: real project names and versions, real installed sizes in KiB, dependency graphs
//! trimmed to the projects listed here. `{site}` is site-packages, `{bin}` the console-script directory, `{dist}`
//! the project's `.dist-info` directory; `B name` declares a console script. Wheels with compiled extensions name
//! the architecture (`{march}`).

pub(super) const TABLE: &str = r#"
P flask 250 A simple framework for building complex web applications.
V 3.0.3
D werkzeug jinja2 itsdangerous click blinker
B flask
F c{site}/flask f./__init__.py f./app.py f./cli.py f./templating.py f./json/__init__.py

P werkzeug 1000 The comprehensive WSGI web application library.
V 3.0.4
D markupsafe
F c{site}/werkzeug f./__init__.py f./serving.py f./routing/__init__.py f./wrappers/request.py

P jinja2 800 A very fast and expressive template engine.
V 3.1.4
D markupsafe
F c{site}/jinja2 f./__init__.py f./environment.py f./compiler.py

P markupsafe 60 Safely add untrusted strings to HTML/XML markup.
V 3.0.1
F c{site}/markupsafe f./__init__.py f./_speedups.cpython-312-{march}-linux-gnu.so

P itsdangerous 60 Safely pass data to untrusted environments and back.
V 2.2.0
F c{site}/itsdangerous f./__init__.py f./signer.py

P click 300 Composable command line interface toolkit
V 8.1.7
F c{site}/click f./__init__.py f./core.py f./decorators.py

P blinker 40 Fast, simple object-to-object and broadcast signaling
V 1.8.2
F c{site}/blinker f./__init__.py f./base.py

P requests 200 Python HTTP for Humans.
V 2.32.3
D charset-normalizer idna urllib3 certifi
F c{site}/requests f./__init__.py f./api.py f./sessions.py f./models.py

P charset-normalizer 500 The Real First Universal Charset Detector.
V 3.4.0
B normalizer
F c{site}/charset_normalizer f./__init__.py f./api.py f./md.cpython-312-{march}-linux-gnu.so

P idna 600 Internationalized Domain Names in Applications (IDNA)
V 3.10
F c{site}/idna f./__init__.py f./core.py f./idnadata.py

P urllib3 500 HTTP library with thread-safe connection pooling, file post, and more.
V 2.2.3
F c{site}/urllib3 f./__init__.py f./connectionpool.py f./poolmanager.py

P certifi 300 Python package for providing Mozilla's CA Bundle.
V 2024.8.30
F c{site}/certifi f./__init__.py f./core.py f./cacert.pem

P django 28000 A high-level Python web framework that encourages rapid development and clean, pragmatic design.
V 5.1.2
D asgiref sqlparse
B django-admin
F c{site}/django f./__init__.py f./core/management/__init__.py f./db/models/__init__.py f./contrib/admin/__init__.py

P asgiref 100 ASGI specs, helper code, and adapters
V 3.8.1
F c{site}/asgiref f./__init__.py f./sync.py

P sqlparse 250 A non-validating SQL parser.
V 0.5.1
B sqlformat
F c{site}/sqlparse f./__init__.py f./parser.py

P numpy 38000 Fundamental package for array computing in Python
V 2.1.2
B f2py numpy-config
F c{site}/numpy f./__init__.py f./_core/_multiarray_umath.cpython-312-{march}-linux-gnu.so f./linalg/__init__.py
F c{site}/numpy.libs f./libscipy_openblas64_-ff651d7f.so

P pandas 68000 Powerful data structures for data analysis, time series, and statistics
V 2.2.3
D numpy python-dateutil pytz tzdata
F c{site}/pandas f./__init__.py f./core/frame.py f./_libs/lib.cpython-312-{march}-linux-gnu.so f./io/parsers/__init__.py

P python-dateutil 700 Extensions to the standard Python datetime module
V 2.9.0.post0
D six
F c{site}/dateutil f./__init__.py f./parser/__init__.py f./tz/__init__.py

P six 40 Python 2 and 3 compatibility utilities
V 1.16.0
F f{site}/six.py

P pytz 2800 World timezone definitions, modern and historical
V 2024.2
F c{site}/pytz f./__init__.py f./zoneinfo/UTC f./zoneinfo/Asia/Seoul

P tzdata 2800 Provider of IANA time zone data
V 2024.2
F c{site}/tzdata f./__init__.py f./zoneinfo/UTC f./zoneinfo/Asia/Seoul

P fastapi 400 FastAPI framework, high performance, easy to learn, fast to code, ready for production
V 0.115.2
D starlette pydantic typing-extensions
F c{site}/fastapi f./__init__.py f./applications.py f./routing.py

P starlette 350 The little ASGI library that shines.
V 0.40.0
D anyio
F c{site}/starlette f./__init__.py f./applications.py f./routing.py

P anyio 450 High level compatibility layer for multiple asynchronous event loop implementations
V 4.6.2.post1
D idna sniffio
F c{site}/anyio f./__init__.py f./_core/_eventloop.py

P sniffio 20 Sniff out which async library your code is running under
V 1.3.1
F c{site}/sniffio f./__init__.py

P pydantic 1500 Data validation using Python type hints
V 2.9.2
D annotated-types pydantic-core typing-extensions
F c{site}/pydantic f./__init__.py f./main.py f./fields.py

P annotated-types 40 Reusable constraint types to use with typing.Annotated
V 0.7.0
F c{site}/annotated_types f./__init__.py

P pydantic-core 5000 Core functionality for Pydantic validation and serialization
V 2.23.4
D typing-extensions
F c{site}/pydantic_core f./__init__.py f./_pydantic_core.cpython-312-{march}-linux-gnu.so

P typing-extensions 130 Backported and Experimental Type Hints for Python 3.8+
V 4.12.2
F f{site}/typing_extensions.py

P uvicorn 250 The lightning-fast ASGI server.
V 0.32.0
D click h11
B uvicorn
F c{site}/uvicorn f./__init__.py f./main.py f./server.py

P h11 200 A pure-Python, bring-your-own-I/O implementation of HTTP/1.1
V 0.14.0
F c{site}/h11 f./__init__.py f./_connection.py

P gunicorn 500 WSGI HTTP Server for UNIX
V 23.0.0
D packaging
B gunicorn
F c{site}/gunicorn f./__init__.py f./app/wsgiapp.py f./arbiter.py

P packaging 200 Core utilities for Python packages
V 24.1
F c{site}/packaging f./__init__.py f./version.py f./requirements.py

P pytest 1700 pytest: simple powerful testing with Python
V 8.3.3
D iniconfig packaging pluggy
B pytest py.test
F c{site}/pytest f./__init__.py f./__main__.py c{site}/_pytest f./main.py f./python.py f./assertion/rewrite.py f{site}/py.py

P iniconfig 20 brain-dead simple config-ini parsing
V 2.0.0
F c{site}/iniconfig f./__init__.py

P pluggy 80 plugin and hook calling mechanisms for python
V 1.5.0
F c{site}/pluggy f./__init__.py f./_hooks.py f./_manager.py

P pip 9000 The PyPA recommended tool for installing Python packages.
V 24.2
F a{bin}/pip=pip a{bin}/pip3=pip3 a{bin}/pip3.12=pip3 c{site}/pip f./__init__.py f./__main__.py f./_internal/__init__.py

P setuptools 4000 Easily download, build, install, upgrade, and uninstall Python packages
V 75.2.0
F c{site}/setuptools f./__init__.py f./dist.py c{site}/pkg_resources f./__init__.py f{site}/_distutils_hack/__init__.py

P wheel 200 A built-package format for Python
V 0.44.0
B wheel
F c{site}/wheel f./__init__.py f./bdist_wheel.py
"#;

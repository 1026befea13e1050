"""minova: a faithful miniature of OpenStack Nova."""

import warnings

# minova runs on eventlet on purpose (see minova/concurrency.py); its
# import-time deprecation notice would otherwise open every command's
# output.
warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')

"""Imported first by the charts' fork server (:data:`chartpool.PRELOAD`), and by nothing else: the
server ignores Ctrl-C from here on.

Ctrl-C reaches every process of the console. The build's process alone answers it (it closes the
pool and says that nothing was written); a fork server still importing matplotlib would otherwise
print a KeyboardInterrupt traceback of its own beside that line. (Once its imports are done,
multiprocessing's server ignores Ctrl-C itself, and each worker does too: ``charts._start_worker``.)
"""

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)

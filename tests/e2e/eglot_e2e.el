;;; eglot_e2e.el --- End-to-end: Emacs + eglot + the real session-lsp  -*- lexical-binding: t; -*-

;; Run by tests/cli/emacs-eglot-e2e.sh in `emacs --batch -Q' with SESSION_LSP_BINARY,
;; SESSION_LSP_WORKSPACE (a scratch copy of examples/llm-study) and SESSION_LSP_EGLOT_CONFIG
;; (editors/emacs/session-lsp-eglot.el, the documented setup, loaded as is) in the environment.
;; Prints PASS/FAIL lines on stdout and exits 1 on any failure.

;;; Code:

(require 'package)
(require 'seq)
(require 'subr-x)

;; -Q skips site-start, which is what puts Debian's elpa-* packages on the load path.
(unless (locate-library "eglot")
  (setq package-directory-list '("/usr/share/emacs/site-lisp/elpa"))
  (package-initialize))

(defvar e2e-binary (getenv "SESSION_LSP_BINARY"))
(defvar e2e-workspace (file-name-as-directory (getenv "SESSION_LSP_WORKSPACE")))
(defvar e2e-invalid-session
  "sessions/2026-11-26__01-Frameworks__LangChain-v1.0__middleware.md")
(defvar e2e-timeout 10 "Seconds to wait for the server at each step.")
(defvar e2e-failures 0)

(defun e2e-say (line)
  ;; In batch mode `princ' goes to stdout; `message' would go to stderr.
  (princ (concat line "\n")))

(defun e2e-check (ok what &optional detail)
  (if ok
      (e2e-say (concat "PASS: " what))
    (setq e2e-failures (1+ e2e-failures))
    (e2e-say (concat "FAIL: " what (if detail (format " (%s)" detail) ""))))
  ok)

(defun e2e-wait (predicate)
  "Run the event loop until PREDICATE returns non-nil or `e2e-timeout' passes."
  (let ((deadline (+ (float-time) e2e-timeout))
        result)
    (while (and (not (setq result (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    result))

(defun e2e-diagnostics-with-code (code)
  "Flymake's diagnostics in this buffer whose LSP code is CODE."
  (seq-filter (lambda (diagnostic)
                (equal code (plist-get (alist-get 'eglot-lsp-diag
                                                  (flymake-diagnostic-data diagnostic))
                                       :code)))
              (flymake-diagnostics)))

(defun e2e-region-of (regexp)
  "The region of REGEXP's first group in this buffer, as (BEG . END)."
  (save-excursion
    (goto-char (point-min))
    (when (re-search-forward regexp nil t)
      (cons (match-beginning 1) (match-end 1)))))

(defun e2e-describe (region)
  (if region
      (save-excursion
        (goto-char (car region))
        (format "line %d, columns %d-%d" (line-number-at-pos) (current-column)
                (+ (current-column) (- (cdr region) (car region)))))
    "none"))

(defun e2e-diagnostic-region (diagnostic)
  (and diagnostic
       (cons (flymake-diagnostic-beg diagnostic) (flymake-diagnostic-end diagnostic))))

(defun e2e-run ()
  (load (getenv "SESSION_LSP_EGLOT_CONFIG") nil t)
  (setq session-lsp-program e2e-binary)

  (find-file (expand-file-name e2e-invalid-session e2e-workspace))
  (e2e-check (derived-mode-p 'markdown-mode 'session-markdown-mode)
             "session file opens in a markdown mode" major-mode)
  ;; The mode hook called `eglot-ensure', which connects at the end of the current command;
  ;; batch mode has no command loop, so end the "command" by hand.
  (run-hooks 'post-command-hook)
  (let ((server (e2e-wait #'eglot-current-server)))
    (unless (e2e-check server "eglot connects to session-lsp")
      (throw 'e2e-abort nil))
    (e2e-check (equal (expand-file-name (project-root (eglot--project server)))
                      (expand-file-name e2e-workspace))
               "the project root is the workspace"
               (project-root (eglot--project server)))

    ;; Diagnostics reach Flymake: `invalid-enum' exactly on `L9'.
    (flymake-start)
    (let ((expected (e2e-region-of "^level_after: \\(L9\\)$"))
          (found (e2e-wait (lambda () (e2e-diagnostics-with-code "invalid-enum")))))
      (e2e-check expected "the session says `level_after: L9'")
      (e2e-check (= (length found) 1) "one invalid-enum diagnostic in Flymake"
                 (length found))
      (e2e-check (equal (e2e-diagnostic-region (car found)) expected)
                 (format "invalid-enum covers `L9' (%s)" (e2e-describe expected))
                 (e2e-describe (e2e-diagnostic-region (car found))))
      (e2e-check (eq (flymake-diagnostic-type (car found)) 'eglot-error)
                 "invalid-enum is an error" (flymake-diagnostic-type (car found))))

    ;; Korean text and an emoji before `High': LSP columns are UTF-16, Emacs counts characters.
    (let ((expected (e2e-region-of "🤔 | \\(High\\) |"))
          (found (e2e-diagnostics-with-code "invalid-body-enum")))
      (e2e-check (and expected (equal (mapcar #'e2e-diagnostic-region found) (list expected)))
                 (format "invalid-body-enum covers `High' after Korean and an emoji (%s)"
                         (e2e-describe expected))
                 (mapconcat (lambda (d) (e2e-describe (e2e-diagnostic-region d))) found ", ")))

    ;; Completion at the end of `level_after: L9', through the capf eglot installs.
    (goto-char (cdr (e2e-region-of "^level_after: \\(L9\\)$")))
    (e2e-check (memq #'eglot-completion-at-point completion-at-point-functions)
               "eglot-completion-at-point is in completion-at-point-functions")
    (let* ((capf (eglot-completion-at-point))
           (labels (and capf (sort (mapcar #'substring-no-properties
                                           (all-completions "" (nth 2 capf)))
                                   #'string<))))
      (e2e-check (equal labels '("L0" "L1" "L2" "L3" "L4" "L5"))
                 "completion at level_after offers L0-L5" labels))

    ;; Go to definition on the evidence_targets path, through eglot's xref backend.
    (let ((index (e2e-region-of
                  "^  tracks: \\[\\(/tracks/01-Frameworks/LangChain-v1.0/INDEX.md\\)")))
      (goto-char (+ (car index) 5))
      (let* ((xrefs (xref-backend-definitions
                     'eglot (xref-backend-identifier-at-point 'eglot)))
             (file (and xrefs (xref-file-location-file (xref-item-location (car xrefs))))))
        (e2e-check (equal file (expand-file-name "tracks/01-Frameworks/LangChain-v1.0/INDEX.md"
                                                 e2e-workspace))
                   "definition on the evidence_targets path is the track's INDEX.md" file)))

    ;; Shut down: shutdown request, exit notification, a clean exit. Sent by hand because
    ;; `eglot-shutdown' on Emacs 28 (jsonrpc 1.0.14) deletes the process right after `exit',
    ;; which would hide whether the server leaves on its own.
    (let ((process (jsonrpc--process server)))
      (setf (eglot--shutdown-requested server) t)
      (jsonrpc-request server :shutdown nil :timeout e2e-timeout)
      (jsonrpc-notify server :exit nil)
      (e2e-wait (lambda () (not (process-live-p process))))
      (e2e-check (and (not (process-live-p process)) (= (process-exit-status process) 0))
                 "server exits with code 0" (process-exit-status process)))))

(let ((started (float-time)))
  (condition-case err
      (catch 'e2e-abort (e2e-run))
    (error (e2e-check nil "test script ran to the end" (error-message-string err))))
  (e2e-say (format "info: %.1f s" (- (float-time) started))))
(if (> e2e-failures 0)
    (progn (e2e-say (format "eglot e2e: %d failure(s)" e2e-failures)) (kill-emacs 1))
  (e2e-say "eglot e2e: all checks passed")
  (kill-emacs 0))

;;; eglot_e2e.el ends here

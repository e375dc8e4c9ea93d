;;; session-lsp-eglot.el --- session-lsp through eglot  -*- lexical-binding: t; -*-

;; Load this from your init file (or paste it there):
;;
;;   (load "/path/to/session-lsp/editors/emacs/session-lsp-eglot.el")
;;
;; It needs eglot (built into Emacs 29; on Emacs 28, `M-x package-install RET eglot' or Debian's
;; elpa-eglot) and the `session-lsp' binary on your PATH, or its full path in
;; `session-lsp-program'.  tests/e2e/eglot_e2e.el loads this very file, with Emacs 28 and eglot
;; 1.9 (Debian 12), so what is documented is what is tested.
;;
;; What it does:
;; - markdown buffers (markdown-mode or gfm-mode when installed; otherwise a small
;;   `session-markdown-mode' for *.md files) start session-lsp through `eglot-ensure';
;; - the project root eglot hands to the server is the session workspace: the nearest folder
;;   holding `.session-lsp.yaml' or `SESSION-TEMPLATE.md', failing that one holding `sessions/',
;;   and never your home folder.  Markdown files outside a workspace get no server.

;;; Code:

(require 'eglot)
(require 'project)

(defvar session-lsp-program "session-lsp"
  "The session-lsp binary: a name on PATH or an absolute file name.")

;; Without markdown-mode, *.md files would open in fundamental-mode, which eglot cannot map.
(unless (fboundp 'markdown-mode)
  (define-derived-mode session-markdown-mode text-mode "Session"
    "Text mode for session markdown, used when markdown-mode is not installed.")
  (add-to-list 'auto-mode-alist '("\\.md\\'" . session-markdown-mode)))

(defun session-lsp--markdown-buffer-p ()
  "Non-nil in a buffer whose major mode session-lsp serves."
  (derived-mode-p 'markdown-mode 'gfm-mode 'session-markdown-mode))

(defun session-lsp--has-any (dir names)
  "Non-nil when DIR holds one of the files or folders NAMES."
  (seq-some (lambda (name) (file-exists-p (expand-file-name name dir))) names))

(defun session-lsp-root (dir)
  "The session workspace holding DIR, or nil.
The nearest folder with `.session-lsp.yaml' or `SESSION-TEMPLATE.md', failing that the nearest
with a `sessions/' folder; never the home folder."
  (let ((root (or (locate-dominating-file
                   dir (lambda (d) (session-lsp--has-any d '(".session-lsp.yaml"
                                                             "SESSION-TEMPLATE.md"))))
                  (locate-dominating-file
                   dir (lambda (d) (file-directory-p (expand-file-name "sessions" d)))))))
    (and root
         (not (file-equal-p root "~"))
         (expand-file-name root))))

(defun session-lsp-project (dir)
  "A `project-find-functions' entry: the workspace as eglot's project root.
Only for eglot and only in markdown buffers, so other servers and project commands keep their
usual (e.g. Git) roots."
  (when (and (bound-and-true-p eglot-lsp-context) (session-lsp--markdown-buffer-p))
    (let ((root (session-lsp-root dir)))
      (and root (cons 'transient root)))))

(add-hook 'project-find-functions #'session-lsp-project)

(add-to-list 'eglot-server-programs
             `(((markdown-mode :language-id "markdown")
                (gfm-mode :language-id "markdown")
                (session-markdown-mode :language-id "markdown"))
               . ,(lambda (&optional _interactive) (list session-lsp-program))))

(defun session-lsp-maybe-start ()
  "Start session-lsp for this buffer when its file is inside a session workspace."
  (when (and buffer-file-name (session-lsp-root (file-name-directory buffer-file-name)))
    (eglot-ensure)))

(dolist (hook '(markdown-mode-hook gfm-mode-hook session-markdown-mode-hook))
  (add-hook hook #'session-lsp-maybe-start))

(provide 'session-lsp-eglot)
;;; session-lsp-eglot.el ends here

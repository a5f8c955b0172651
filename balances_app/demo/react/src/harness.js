// The official packages, unchanged, exposed to end-to-end tests: a page built from the pinned
// npm versions, on which a test composes what a platform's code would do.
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import { loadConnectAndInitialize } from "@stripe/connect-js";
import { loadConnectAndInitialize as loadConnectPure } from "@stripe/connect-js/pure";
import * as ReactConnect from "@stripe/react-connect-js";

window.harness = { createElement, createRoot, loadConnectAndInitialize, loadConnectPure, ReactConnect };

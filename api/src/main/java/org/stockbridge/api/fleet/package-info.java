/** Running periodic work once per fleet of replicas over one database: the named advisory locks and how they are held. */
package org.stockbridge.api.fleet;

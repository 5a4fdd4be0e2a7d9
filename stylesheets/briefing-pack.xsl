<?xml version="1.0" encoding="UTF-8"?>
<!--
  briefing-pack.xsl: a programme description as a standalone HTML5 briefing pack, for
  browsers and for briefpack's paged-media engine alike.

  The program writes <!DOCTYPE html> itself, so the output element has no doctype.
  The embedded CSS keeps to the subset the PDF engine honours: type, class, id,
  descendant and child selectors; box, font, colour, list, table and break
  properties; @page with margin boxes, counter(page), counter(pages) and string();
  counters for numbered headings, and target-counter() with leader() for the contents.
  The contents is made from the sections actually written (EXSLT node-set), so it
  never lists a section the data did not produce. The governance, savings and payback
  charts come from charts.xsl, the figures in words from figures.xsl.

  The colours and the font are custom properties on :root (brand, ink, muted, paper,
  rule and the rest, and font-body), so a council restyles the document by overriding
  them in one rule.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:bp="urn:briefpack:common"
                xmlns:exsl="http://exslt.org/common"
                extension-element-prefixes="exsl"
                exclude-result-prefixes="bp exsl">

  <xsl:import href="common.xsl"/>
  <xsl:import href="figures.xsl"/>
  <xsl:import href="charts.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="yes"/>

  <xsl:strip-space elements="*"/>
  <xsl:preserve-space elements="title short-title summary purpose text membership role remark
                                description reason lesson note work questions em strong link"/>

  <xsl:variable name="p" select="/programme"/>

  <!-- "Chesterfield Borough Council, Bolsover ... and North East Derbyshire ..." -->
  <xsl:variable name="partner-list">
    <xsl:for-each select="$p/partners/partner">
      <xsl:if test="position() > 1">
        <xsl:choose>
          <xsl:when test="position() = last()"> and </xsl:when>
          <xsl:otherwise>, </xsl:otherwise>
        </xsl:choose>
      </xsl:if>
      <xsl:value-of select="normalize-space(name)"/>
    </xsl:for-each>
  </xsl:variable>

  <xsl:variable name="as-at">
    <xsl:call-template name="bp:date">
      <xsl:with-param name="node" select="$p/as-at"/>
    </xsl:call-template>
  </xsl:variable>

  <!-- ============================================================ page -->

  <xsl:template match="/">
    <xsl:apply-templates select="programme"/>
  </xsl:template>

  <xsl:template match="programme">
    <html lang="en-GB">
      <head>
        <meta charset="UTF-8"/>
        <title>
          <xsl:value-of select="concat(normalize-space(title), ': briefing pack, ', $as-at)"/>
        </title>
        <meta name="author">
          <xsl:attribute name="content">
            <xsl:call-template name="bp:person">
              <xsl:with-param name="node" select="contact-officer"/>
            </xsl:call-template>
            <xsl:value-of select="concat(', for ', $partner-list)"/>
          </xsl:attribute>
        </meta>
        <meta name="description">
          <xsl:attribute name="content">
            <xsl:choose>
              <xsl:when test="summary"><xsl:value-of select="normalize-space(summary)"/></xsl:when>
              <xsl:otherwise>
                <xsl:value-of select="concat('Briefing pack on the ', normalize-space(title),
                                             ' of ', $partner-list, ', as at ', $as-at, '.')"/>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
        </meta>
        <meta name="keywords">
          <xsl:attribute name="content">
            <xsl:choose>
              <xsl:when test="keywords">
                <xsl:for-each select="keywords/keyword">
                  <xsl:if test="position() > 1">, </xsl:if>
                  <xsl:value-of select="normalize-space(.)"/>
                </xsl:for-each>
              </xsl:when>
              <xsl:otherwise>
                <xsl:text>shared services, joint working</xsl:text>
                <xsl:for-each select="workstreams/workstream">
                  <xsl:value-of select="concat(', ', normalize-space(name))"/>
                </xsl:for-each>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
        </meta>
        <style>
          <xsl:call-template name="css"/>
        </style>
      </head>
      <body>
        <xsl:call-template name="title-block"/>
        <xsl:variable name="sections-rtf">
          <xsl:call-template name="programme-section"/>
          <xsl:call-template name="background-section"/>
          <xsl:apply-templates select="governance"/>
          <xsl:apply-templates select="methods"/>
          <xsl:apply-templates select="workstreams"/>
          <xsl:apply-templates select="lessons"/>
          <xsl:apply-templates select="next-steps"/>
          <xsl:call-template name="questions-section"/>
        </xsl:variable>
        <xsl:variable name="sections" select="exsl:node-set($sections-rtf)/section"/>
        <nav class="contents" aria-labelledby="contents-heading">
          <h2 id="contents-heading">Contents</h2>
          <ol>
            <xsl:for-each select="$sections[@id]">
              <li><a href="#{@id}"><xsl:value-of select="normalize-space(h2)"/></a></li>
            </xsl:for-each>
          </ol>
        </nav>
        <main>
          <xsl:copy-of select="$sections"/>
        </main>
        <footer>
          <p>
            <xsl:value-of select="concat(normalize-space(title), '. Briefing pack, status as at ',
                                         $as-at, ', version ', normalize-space(version), '. ')"/>
            <xsl:call-template name="bp:classification"/>
            <xsl:text>.</xsl:text>
          </p>
          <p>
            <xsl:text>Contact: </xsl:text>
            <xsl:call-template name="bp:person">
              <xsl:with-param name="node" select="contact-officer"/>
            </xsl:call-template>
            <xsl:text>.</xsl:text>
          </p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="title-block">
    <header class="title-block">
      <p class="partner-names">
        <xsl:for-each select="partners/partner">
          <span><xsl:value-of select="normalize-space(name)"/></span>
        </xsl:for-each>
      </p>
      <p class="kind">
        <xsl:text>Briefing pack: </xsl:text>
        <span class="short-title"><xsl:value-of select="normalize-space(short-title)"/></span>
      </p>
      <h1><xsl:value-of select="normalize-space(title)"/></h1>
      <p class="status">
        <xsl:value-of select="concat('Status as at ', $as-at, ' · Version ', normalize-space(version), ' · ')"/>
        <xsl:call-template name="bp:classification"/>
      </p>
    </header>
  </xsl:template>

  <!-- ==================================================== programme and partners -->

  <xsl:template name="programme-section">
    <section id="programme">
      <h2>Programme and partners</h2>
      <p>
        <xsl:value-of select="concat('The ', normalize-space(title), ' is run jointly by ')"/>
        <xsl:call-template name="bp:number-word">
          <xsl:with-param name="n" select="count(partners/partner)"/>
        </xsl:call-template>
        <xsl:text> councils:</xsl:text>
      </p>
      <ul class="partners">
        <xsl:for-each select="partners/partner">
          <li><xsl:value-of select="concat(normalize-space(name), ' (', @id, ')')"/></li>
        </xsl:for-each>
      </ul>
      <table class="key-facts">
        <caption>Programme details</caption>
        <tbody>
          <tr>
            <th scope="row">Programme</th>
            <td><xsl:value-of select="normalize-space(title)"/></td>
          </tr>
          <tr>
            <th scope="row">Short title</th>
            <td><xsl:value-of select="normalize-space(short-title)"/></td>
          </tr>
          <tr>
            <th scope="row">Status as at</th>
            <td><xsl:value-of select="$as-at"/></td>
          </tr>
          <tr>
            <th scope="row">Version</th>
            <td><xsl:value-of select="normalize-space(version)"/></td>
          </tr>
          <tr>
            <th scope="row">Contact officer</th>
            <td>
              <xsl:call-template name="bp:person">
                <xsl:with-param name="node" select="contact-officer"/>
              </xsl:call-template>
              <xsl:call-template name="contact-links">
                <xsl:with-param name="node" select="contact-officer"/>
              </xsl:call-template>
            </td>
          </tr>
          <tr>
            <th scope="row">Classification</th>
            <td>
              <xsl:call-template name="bp:classification"/>
              <xsl:if test="classification/reason">
                <xsl:text>. </xsl:text>
                <xsl:apply-templates select="classification/reason/node()" mode="inline"/>
              </xsl:if>
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  </xsl:template>

  <!-- email and phone of a person, each on its own line -->
  <xsl:template name="contact-links">
    <xsl:param name="node"/>
    <xsl:if test="$node/email">
      <br/>
      <xsl:text>Email: </xsl:text>
      <a href="mailto:{normalize-space($node/email)}"><xsl:value-of select="normalize-space($node/email)"/></a>
    </xsl:if>
    <xsl:if test="$node/phone">
      <br/>
      <xsl:value-of select="concat('Telephone: ', normalize-space($node/phone))"/>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ background -->

  <xsl:template name="background-section">
    <xsl:if test="funding or milestones">
      <section id="background">
        <h2>Background</h2>
        <xsl:apply-templates select="funding/award"/>
        <xsl:if test="funding/further-funding">
          <h3>Further funding</h3>
          <xsl:apply-templates select="funding/further-funding"/>
        </xsl:if>
        <xsl:apply-templates select="milestones"/>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template match="award">
    <xsl:variable name="ws" select="concat(' ', normalize-space(@workstreams), ' ')"/>
    <p>
      <xsl:if test="awarded">
        <xsl:text>In </xsl:text>
        <xsl:call-template name="bp:date">
          <xsl:with-param name="node" select="awarded"/>
        </xsl:call-template>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="awarded">the </xsl:when>
        <xsl:otherwise>The </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="source-name"/>
      <xsl:text> awarded </xsl:text>
      <xsl:choose>
        <xsl:when test="money"><xsl:call-template name="bp:money"><xsl:with-param name="node" select="money"/></xsl:call-template></xsl:when>
        <xsl:otherwise>funding</xsl:otherwise>
      </xsl:choose>
      <xsl:text> to </xsl:text>
      <xsl:call-template name="recipients"/>
      <xsl:if test="purpose">
        <xsl:text> </xsl:text>
        <xsl:apply-templates select="purpose/node()" mode="inline"/>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="@workstreams">:</xsl:when>
        <xsl:otherwise>.</xsl:otherwise>
      </xsl:choose>
    </p>
    <xsl:if test="@workstreams">
      <ol class="areas">
        <xsl:for-each select="$p/workstreams/workstream[contains($ws, concat(' ', @id, ' '))]">
          <li><xsl:value-of select="normalize-space(name)"/></li>
        </xsl:for-each>
      </ol>
    </xsl:if>
  </xsl:template>

  <xsl:template match="further-funding">
    <p>
      <xsl:call-template name="source-name"/>
      <xsl:text> funding</xsl:text>
      <xsl:if test="money">
        <xsl:text> of </xsl:text>
        <xsl:call-template name="bp:money"><xsl:with-param name="node" select="money"/></xsl:call-template>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="@status = 'applied-for'"> has been applied for</xsl:when>
        <xsl:when test="@status = 'expected'"> is expected</xsl:when>
        <xsl:otherwise> has been secured</xsl:otherwise>
      </xsl:choose>
      <xsl:if test="awarded">
        <xsl:text> </xsl:text>
        <xsl:call-template name="bp:date-phrase"><xsl:with-param name="node" select="awarded"/></xsl:call-template>
      </xsl:if>
      <xsl:if test="purpose">
        <xsl:text> </xsl:text>
        <xsl:apply-templates select="purpose/node()" mode="inline"/>
      </xsl:if>
      <xsl:text>.</xsl:text>
      <xsl:if test="not(money)"> The amount is not known.</xsl:if>
    </p>
  </xsl:template>

  <!-- "Regional Centre of Excellence (RCE)" -->
  <xsl:template name="source-name">
    <xsl:value-of select="normalize-space(source)"/>
    <xsl:if test="source/@abbr">
      <xsl:value-of select="concat(' (', source/@abbr, ')')"/>
    </xsl:if>
  </xsl:template>

  <!-- "the three councils" when every partner received it, else their names -->
  <xsl:template name="recipients">
    <xsl:variable name="list" select="concat(' ', normalize-space(@recipients), ' ')"/>
    <xsl:variable name="named" select="$p/partners/partner[contains($list, concat(' ', @id, ' '))]"/>
    <xsl:choose>
      <xsl:when test="not(@recipients) or count($named) = count($p/partners/partner)">
        <xsl:text>the </xsl:text>
        <xsl:call-template name="bp:number-word">
          <xsl:with-param name="n" select="count($p/partners/partner)"/>
        </xsl:call-template>
        <xsl:text> councils</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="bp:partner-names">
          <xsl:with-param name="ids" select="@recipients"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="milestones">
    <h3>Key milestones</h3>
    <ol class="milestones">
      <xsl:for-each select="milestone">
        <li>
          <xsl:apply-templates select="text/node()" mode="inline"/>
          <xsl:if test="due">
            <xsl:text> Due: </xsl:text>
            <xsl:call-template name="bp:date"><xsl:with-param name="node" select="due"/></xsl:call-template>
            <xsl:text>.</xsl:text>
          </xsl:if>
          <xsl:if test="achieved">
            <xsl:text> Achieved: </xsl:text>
            <xsl:call-template name="bp:date"><xsl:with-param name="node" select="achieved"/></xsl:call-template>
            <xsl:text>.</xsl:text>
          </xsl:if>
        </li>
      </xsl:for-each>
    </ol>
  </xsl:template>

  <!-- ============================================================== governance -->

  <xsl:template match="governance">
    <section id="programme-management">
      <h2>Programme management</h2>
      <p>The following programme management arrangements were put in place.</p>
      <xsl:call-template name="bp:chart-governance">
        <xsl:with-param name="id" select="'fig-governance'"/>
      </xsl:call-template>
      <xsl:apply-templates select="body"/>
    </section>
  </xsl:template>

  <xsl:template match="governance/body">
    <xsl:variable name="id" select="@id"/>
    <xsl:variable name="reporting" select="../body[@reports-to = $id]"/>
    <div class="gov-body" id="body-{@id}">
      <h3><xsl:value-of select="normalize-space(name)"/></h3>
      <p>
        <strong>Membership: </strong>
        <xsl:apply-templates select="membership/node()" mode="inline"/>
      </p>
      <xsl:if test="role">
        <p>
          <strong>Role: </strong>
          <xsl:apply-templates select="role/node()" mode="inline"/>
        </p>
      </xsl:if>
      <xsl:if test="@reports-to">
        <p>
          <strong>Reports to: </strong>
          <xsl:value-of select="normalize-space(key('bp-body', @reports-to)/name)"/>
          <xsl:if test="not(key('bp-body', @reports-to))"><xsl:value-of select="@reports-to"/></xsl:if>
          <xsl:text>.</xsl:text>
        </p>
      </xsl:if>
      <xsl:if test="$reporting">
        <p>
          <strong>Receives reports from: </strong>
          <xsl:for-each select="$reporting">
            <xsl:if test="position() > 1">
              <xsl:choose>
                <xsl:when test="position() = last()"> and </xsl:when>
                <xsl:otherwise>, </xsl:otherwise>
              </xsl:choose>
            </xsl:if>
            <xsl:value-of select="normalize-space(name)"/>
          </xsl:for-each>
          <xsl:text>.</xsl:text>
        </p>
      </xsl:if>
      <xsl:for-each select="remark">
        <p>
          <strong>Remarks: </strong>
          <xsl:apply-templates select="node()" mode="inline"/>
        </p>
      </xsl:for-each>
    </div>
  </xsl:template>

  <!-- ================================================================= methods -->

  <xsl:template match="methods">
    <section id="methods">
      <h2>Methods adopted</h2>
      <ul class="methods">
        <xsl:for-each select="method">
          <li>
            <strong>
              <xsl:value-of select="normalize-space(name)"/>
              <xsl:if test="date">
                <xsl:text>, </xsl:text>
                <xsl:call-template name="bp:date"><xsl:with-param name="node" select="date"/></xsl:call-template>
              </xsl:if>
              <xsl:text>.</xsl:text>
            </strong>
            <xsl:text> </xsl:text>
            <xsl:apply-templates select="description/node()" mode="inline"/>
            <xsl:if test="reason">
              <ul class="reasons">
                <xsl:for-each select="reason">
                  <li><xsl:apply-templates select="node()" mode="inline"/></li>
                </xsl:for-each>
              </ul>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <!-- ================================================================ progress -->

  <xsl:template match="workstreams">
    <section id="progress">
      <h2>Progress</h2>
      <table class="progress">
        <caption>
          <xsl:value-of select="concat('Workstreams as at ', $as-at)"/>
        </caption>
        <thead>
          <tr>
            <th scope="col">Workstream</th>
            <th scope="col">Host</th>
            <th scope="col">Target date</th>
            <th scope="col">Status</th>
            <th scope="col" class="money">Estimated annual savings</th>
          </tr>
        </thead>
        <tbody>
          <xsl:apply-templates select="workstream" mode="row"/>
        </tbody>
        <xsl:if test="workstream/annual-savings">
          <tfoot>
            <tr>
              <th scope="row" colspan="4">Total estimated annual savings</th>
              <td class="money">
                <xsl:call-template name="bp:savings-total"/>
              </td>
            </tr>
          </tfoot>
        </xsl:if>
      </table>
      <p><xsl:call-template name="bp:status-sentence"/></p>
      <xsl:apply-templates select="workstream" mode="detail"/>
      <xsl:if test="workstream/annual-savings">
        <div class="savings" id="savings">
          <h3>Savings and payback</h3>
          <xsl:call-template name="bp:chart-savings">
            <xsl:with-param name="id" select="'fig-savings'"/>
          </xsl:call-template>
          <p><xsl:call-template name="bp:return-sentence"/></p>
          <xsl:call-template name="bp:chart-payback">
            <xsl:with-param name="id" select="'fig-payback'"/>
          </xsl:call-template>
          <p><xsl:call-template name="bp:payback-sentence"/></p>
        </div>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="workstream" mode="row">
    <tr>
      <th scope="row"><xsl:value-of select="normalize-space(name)"/></th>
      <td>
        <xsl:choose>
          <xsl:when test="@host and key('bp-partner', @host)/short-name">
            <xsl:value-of select="normalize-space(key('bp-partner', @host)/short-name)"/>
          </xsl:when>
          <xsl:when test="@host">
            <xsl:call-template name="bp:partner-name">
              <xsl:with-param name="id" select="@host"/>
              <xsl:with-param name="abbreviation" select="false()"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>Not decided</xsl:otherwise>
        </xsl:choose>
      </td>
      <td>
        <xsl:choose>
          <xsl:when test="go-live">
            <span class="nowrap">
              <xsl:call-template name="bp:date"><xsl:with-param name="node" select="go-live"/></xsl:call-template>
            </span>
          </xsl:when>
          <xsl:when test="completion">
            <span class="nowrap">
              <xsl:call-template name="bp:date"><xsl:with-param name="node" select="completion"/></xsl:call-template>
            </span>
            <xsl:text> (completion)</xsl:text>
          </xsl:when>
          <xsl:otherwise>Not set</xsl:otherwise>
        </xsl:choose>
      </td>
      <td>
        <xsl:call-template name="bp:status-label"/>
      </td>
      <td class="money">
        <xsl:choose>
          <xsl:when test="annual-savings">
            <xsl:call-template name="bp:savings-amount">
              <xsl:with-param name="node" select="annual-savings"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>Not yet estimated</xsl:otherwise>
        </xsl:choose>
      </td>
    </tr>
  </xsl:template>

  <xsl:template match="workstream" mode="detail">
    <div class="workstream" id="ws-{@id}">
      <h3><xsl:value-of select="normalize-space(name)"/></h3>
      <xsl:if test="summary">
        <p><xsl:apply-templates select="summary/node()" mode="inline"/></p>
      </xsl:if>
      <xsl:if test="@host or go-live or completion">
        <p>
          <xsl:if test="@host">
            <xsl:text>Hosted by </xsl:text>
            <xsl:call-template name="bp:partner-name">
              <xsl:with-param name="id" select="@host"/>
            </xsl:call-template>
            <xsl:text>.</xsl:text>
          </xsl:if>
          <xsl:if test="go-live">
            <xsl:if test="@host"><xsl:text> </xsl:text></xsl:if>
            <xsl:call-template name="bp:go-live-phrase"/>
            <xsl:text>.</xsl:text>
          </xsl:if>
          <xsl:if test="completion">
            <xsl:if test="@host or go-live"><xsl:text> </xsl:text></xsl:if>
            <xsl:text>Targeted to be complete </xsl:text>
            <xsl:call-template name="bp:date-phrase"><xsl:with-param name="node" select="completion"/></xsl:call-template>
            <xsl:text>.</xsl:text>
          </xsl:if>
        </p>
      </xsl:if>
      <xsl:if test="annual-savings">
        <p>
          <xsl:call-template name="bp:savings-phrase">
            <xsl:with-param name="node" select="annual-savings"/>
          </xsl:call-template>
          <xsl:text>.</xsl:text>
        </p>
      </xsl:if>
      <xsl:for-each select="adviser">
        <p>
          <xsl:value-of select="concat('Adviser: ', normalize-space(name))"/>
          <xsl:if test="work">
            <xsl:text> (</xsl:text>
            <xsl:apply-templates select="work/node()" mode="inline"/>
            <xsl:text>)</xsl:text>
          </xsl:if>
          <xsl:text>.</xsl:text>
        </p>
      </xsl:for-each>
      <xsl:for-each select="note">
        <p><xsl:apply-templates select="node()" mode="inline"/></p>
      </xsl:for-each>
    </div>
  </xsl:template>

  <!-- ======================================================= lessons, next steps -->

  <xsl:template match="lessons">
    <section id="lessons">
      <h2>Lessons learned to date</h2>
      <ol class="lessons">
        <xsl:for-each select="lesson">
          <li><xsl:apply-templates select="node()" mode="inline"/></li>
        </xsl:for-each>
      </ol>
    </section>
  </xsl:template>

  <xsl:template match="next-steps">
    <section id="next-steps">
      <h2>Next steps</h2>
      <ul class="next-steps">
        <xsl:for-each select="step">
          <li>
            <xsl:apply-templates select="text/node()" mode="inline"/>
            <xsl:if test="target">
              <xsl:text> </xsl:text>
              <strong>
                <xsl:text>Target: </xsl:text>
                <xsl:call-template name="bp:date"><xsl:with-param name="node" select="target"/></xsl:call-template>
                <xsl:text>.</xsl:text>
              </strong>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <!-- ================================================================ questions -->

  <xsl:template name="questions-section">
    <section id="questions">
      <h2>Questions</h2>
      <p class="questions">
        <xsl:choose>
          <xsl:when test="closing/questions">
            <xsl:apply-templates select="closing/questions/node()" mode="inline"/>
          </xsl:when>
          <xsl:otherwise>Any questions?</xsl:otherwise>
        </xsl:choose>
      </p>
      <xsl:variable name="contacts" select="closing/contact | contact-officer[not(../closing/contact)]"/>
      <h3>Contacts</h3>
      <ul class="contacts">
        <xsl:for-each select="$contacts">
          <li>
            <xsl:call-template name="bp:person"/>
            <xsl:call-template name="contact-links">
              <xsl:with-param name="node" select="."/>
            </xsl:call-template>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <!-- ===================================================================== CSS -->

  <xsl:template name="css">
    <xsl:text>
:root {
  /* The palette and type: restyle a pack by overriding these. */
  --brand: #1d3f6e;
  --ink: #1a1a1a;
  --muted: #4a4a4a;
  --paper: #ffffff;
  --surface: #f2f5fa;
  --surface-strong: #e6edf6;
  --rule: #9fb0c8;
  --font-body: "Liberation Sans", Arial, Helvetica, sans-serif;
}
</xsl:text>
    <xsl:text>
@page {
  size: A4;
  margin: 20mm 16mm 22mm 16mm;
  @top-right {
    content: string(short-title);
    font-family: var(--font-body);
    font-size: 9pt;
    color: var(--muted);
  }
  @bottom-center {
    content: "Page " counter(page) " of " counter(pages);
    font-family: var(--font-body);
    font-size: 9pt;
    color: var(--muted);
  }
}
@page :first {
  @top-right { content: none; }
}
head, style, title { display: none; }
nav.contents { display: block; margin: 0 0 12pt 0; }
nav.contents h2 { border-bottom: none; margin-top: 8pt; }
nav.contents ol { list-style-type: none; margin: 0; padding: 0; counter-reset: toc; }
nav.contents li { counter-increment: toc; margin: 0 0 3pt 0; }
nav.contents a { color: var(--ink); text-decoration: none; }
nav.contents a::before { content: counter(toc) ". "; }
nav.contents a::after { content: leader(dotted) target-counter(attr(href), page); }
main { counter-reset: section; }
main h2 { counter-increment: section; counter-reset: subsection; }
main h2::before { content: counter(section) ". "; }
main h3 { counter-increment: subsection; }
main h3::before { content: counter(section) "." counter(subsection) " "; }
html { background-color: var(--paper); }
body {
  display: block;
  max-width: 46em;
  margin: 0 auto;
  padding: 1em 1em 0 1em;
  font-family: var(--font-body);
  font-size: 12pt;
  line-height: 1.4;
  color: var(--ink);
  background-color: var(--paper);
}
header, main, section, footer, div { display: block; }
h1, h2, h3 {
  display: block;
  color: var(--brand);
  font-weight: bold;
  line-height: 1.2;
  break-after: avoid;
  page-break-after: avoid;
}
h1 { font-size: 22pt; margin: 4pt 0 6pt 0; }
h2 {
  font-size: 16pt;
  margin: 20pt 0 8pt 0;
  padding: 0 0 3pt 0;
  border-bottom: 1pt solid var(--brand);
}
h3 { font-size: 13pt; margin: 14pt 0 4pt 0; }
p { display: block; margin: 0 0 6pt 0; orphans: 2; widows: 2; }
em { font-style: italic; }
strong { font-weight: bold; }
a { color: var(--brand); }
ul, ol { display: block; margin: 0 0 8pt 0; padding: 0 0 0 1.6em; list-style-position: outside; }
ul { list-style-type: disc; }
ol { list-style-type: decimal; }
li { display: list-item; margin: 0 0 4pt 0; orphans: 2; widows: 2; }
li ul, li ol { margin: 4pt 0 0 0; }
li ul { list-style-type: circle; }
.title-block {
  margin: 0 0 12pt 0;
  padding: 0 0 10pt 0;
  border-bottom: 3pt solid var(--brand);
}
.partner-names {
  margin: 0 0 10pt 0;
  font-size: 11pt;
  font-weight: bold;
  color: var(--brand);
}
.partner-names span { display: block; }
.kind { margin: 0; font-size: 11pt; color: var(--muted); }
.short-title { string-set: short-title content(); }
.status { margin: 0; font-size: 11pt; color: var(--muted); }
table {
  display: table;
  width: 100%;
  font-size: 11pt;
  margin: 6pt 0 12pt 0;
  border-collapse: collapse;
  break-inside: avoid;
  page-break-inside: avoid;
}
caption {
  display: table-caption;
  margin: 0 0 4pt 0;
  text-align: left;
  font-weight: bold;
  color: var(--ink);
}
thead { display: table-header-group; }
tbody { display: table-row-group; }
tfoot { display: table-footer-group; }
tr { display: table-row; }
th, td {
  display: table-cell;
  padding: 4pt 6pt;
  border-bottom: 1px solid var(--rule);
  text-align: left;
  vertical-align: top;
}
th { font-weight: bold; }
tbody th { white-space: nowrap; }
thead th {
  background-color: var(--surface-strong);
  border-top: 1px solid var(--brand);
  border-bottom: 2px solid var(--brand);
}
tfoot th, tfoot td {
  border-top: 2px solid var(--brand);
  border-bottom: 1px solid var(--brand);
  background-color: var(--surface);
}
th.money, td.money { text-align: right; white-space: nowrap; }
thead th.money { white-space: normal; }
.nowrap { white-space: nowrap; }
.key-facts th { width: 28%; }
.gov-body, .workstream { break-inside: avoid; page-break-inside: avoid; }
.gov-body p, .workstream p { margin: 0 0 3pt 0; }
.questions {
  margin: 0 0 10pt 0;
  font-size: 16pt;
  font-weight: bold;
  color: var(--brand);
}
figure.chart {
  display: block;
  margin: 8pt 0 10pt 0;
  break-inside: avoid;
  page-break-inside: avoid;
}
figure.chart svg { display: block; width: 100%; height: auto; margin: 0 0 4pt 0; }
figcaption { display: block; font-size: 10pt; color: var(--muted); }
.chart-title { font-weight: bold; color: var(--ink); }
footer {
  margin: 24pt 0 0 0;
  padding: 6pt 0 0 0;
  border-top: 1px solid var(--rule);
  font-size: 10pt;
  color: var(--muted);
}
footer p { margin: 0 0 3pt 0; }
</xsl:text>
  </xsl:template>

</xsl:stylesheet>
